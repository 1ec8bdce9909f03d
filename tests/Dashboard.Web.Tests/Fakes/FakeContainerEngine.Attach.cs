using Dashboard.Engine.Containers;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>Attach over the fake's output (its script's echo lines, which are also its log): a running container from
/// now on, one that has not run yet from its first line; the output ends with the run. There is no stdin.</summary>
public sealed partial class FakeContainerEngine
{
    public Task<IContainerAttachment> AttachAsync(string reference, AttachRequest request, CancellationToken cancellationToken)
    {
        ContainerRecord record;
        lock (_lock) record = Find(reference).Record;
        if (record.State.Status == ContainerStatus.Paused) throw new AttachPausedException(record.Name);
        var options = new LogOptions
        {
            Follow = true,
            Stdout = request.Stdout,
            Stderr = request.Stderr,
            Since = record.State.StartedAt is null ? null : DateTimeOffset.UtcNow,
        };
        return Task.FromResult<IContainerAttachment>(new FakeAttachment(token => ReadLogsAsync(record.Id, options, token)));
    }

    private sealed class FakeAttachment(Func<CancellationToken, IAsyncEnumerable<LogEntry>> follow) : IContainerAttachment
    {
        private readonly CancellationTokenSource _ended = new();
        private IAsyncEnumerator<LogEntry>? _entries;

        public bool Stdin => false;

        public async ValueTask<AttachOutput?> ReadAsync(CancellationToken cancellationToken)
        {
            _entries ??= follow(_ended.Token).GetAsyncEnumerator(_ended.Token);
            try
            {
                return await _entries.MoveNextAsync().AsTask().WaitAsync(cancellationToken)
                    ? new AttachOutput(_entries.Current.Stream, _entries.Current.Content)
                    : null;
            }
            catch (OperationCanceledException) when (_ended.IsCancellationRequested)
            {
                return null;
            }
            catch (Dashboard.Engine.NotFoundException)
            {
                return null; // removed before its output was read (--rm)
            }
        }

        public ValueTask<bool> WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.FromResult(false);

        public ValueTask CloseStdinAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            await _ended.CancelAsync();
            if (_entries is not null)
            {
                // A read may still be pending on the enumerator; it ends with the cancellation above.
                try { await _entries.DisposeAsync(); }
                catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or NotSupportedException) { }
            }
        }
    }
}
