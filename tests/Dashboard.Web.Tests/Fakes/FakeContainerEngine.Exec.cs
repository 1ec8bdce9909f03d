using System.Collections.Concurrent;
using System.Threading.Channels;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>
/// Exec over the fake: every session is a "cat" (what it reads on stdin comes back on stdout) that exits 0 at the end
/// of its input, or 129 (SIGHUP) when it is hung up. Enough for the edge's tests: roles, origin, revocation, audit.
/// </summary>
public sealed partial class FakeContainerEngine
{
    private readonly ConcurrentDictionary<string, FakeExec> _fakeExecs = new(StringComparer.Ordinal);

    /// <summary>Every exec request the edge made, in order.</summary>
    public ConcurrentQueue<ExecRequest> ExecRequests { get; } = new();

    /// <summary>The ids of the sessions that were hung up (their client went away or was revoked).</summary>
    public ConcurrentQueue<string> HungUpExecs { get; } = new();

    public Task<string> CreateExecAsync(string reference, ExecRequest request, CancellationToken cancellationToken)
    {
        ContainerRecord record;
        lock (_lock) record = Find(reference).Record;
        if (record.State.Status == ContainerStatus.Paused) throw new ExecPausedException(record.Id);
        if (record.State.Status != ContainerStatus.Running) throw new ContainerNotRunningException(record.Id);
        ExecRequests.Enqueue(request);
        var id = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        _fakeExecs[id] = new FakeExec(request);
        return Task.FromResult(id);
    }

    public Task<IContainerAttachment?> StartExecAsync(string execId, bool detach, CancellationToken cancellationToken) =>
        Task.FromResult<IContainerAttachment?>(detach ? null : FindExec(execId));

    public Task<int> WaitExecAsync(string execId, CancellationToken cancellationToken) => FindExec(execId).Exited.WaitAsync(cancellationToken);

    public Task ResizeExecAsync(string execId, ushort height, ushort width, CancellationToken cancellationToken)
    {
        var exec = FindExec(execId);
        if (!exec.Request.Tty) throw new ExecNoTerminalException($"exec {execId} has no terminal to resize");
        return Task.CompletedTask;
    }

    public Task HangUpExecAsync(string execId, TimeSpan grace, CancellationToken cancellationToken)
    {
        HungUpExecs.Enqueue(execId);
        FindExec(execId).End(129);
        return Task.CompletedTask;
    }

    /// <summary>What a remove of the container does to a running session: the record is forgotten and the output
    /// ends, with no exit code recorded.</summary>
    public void ForgetExecs()
    {
        foreach (var id in _fakeExecs.Keys.ToList())
            if (_fakeExecs.TryRemove(id, out var exec)) exec.EndOutput();
    }

    private FakeExec FindExec(string execId) =>
        _fakeExecs.TryGetValue(execId, out var exec) ? exec : throw new ExecNotFoundException(execId);

    private sealed class FakeExec(ExecRequest request) : IContainerAttachment
    {
        private readonly Channel<byte[]> _output = Channel.CreateUnbounded<byte[]>();
        private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ExecRequest Request { get; } = request;
        public Task<int> Exited => _exited.Task;
        public bool Stdin => Request.AttachStdin;

        public void EndOutput() => _output.Writer.TryComplete();

        public void End(int code)
        {
            _output.Writer.TryComplete();
            _exited.TrySetResult(code);
        }

        public async ValueTask<AttachOutput?> ReadAsync(CancellationToken cancellationToken) =>
            await _output.Reader.WaitToReadAsync(cancellationToken) && _output.Reader.TryRead(out var data)
                ? new AttachOutput(LogStream.Stdout, data)
                : null;

        public ValueTask<bool> WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Stdin && _output.Writer.TryWrite(data.ToArray()));

        public ValueTask CloseStdinAsync(CancellationToken cancellationToken)
        {
            End(0);
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
