using System.IO.Pipelines;

namespace Dashboard.Web.DockerApi.Hijack;

/// <summary>
/// The output the HTTP layer writes to for a Docker API connection: the transport's own, until a request takes the
/// raw connection over (an exec start upgraded by hand, see <see cref="HijackedStream"/>); from then on what the HTTP
/// layer writes (its response after the stream) is dropped, while the taker writes to the transport directly. Its
/// completion still reaches the transport, so the connection closes as it would have.
/// </summary>
internal sealed class DiscardableOutput(PipeWriter inner) : PipeWriter
{
    private byte[] _scratch = [];
    private volatile bool _discarding;

    /// <summary>Called before the response starts, so the HTTP layer is not between a GetMemory and its Advance.</summary>
    public void Discard() => _discarding = true;

    public override void Advance(int bytes)
    {
        if (!_discarding) inner.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _discarding ? Scratch(sizeHint) : inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _discarding ? Scratch(sizeHint) : inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        _discarding ? ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: false)) : inner.FlushAsync(cancellationToken);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    // Kestrel reads these to decide how to flush; without them it fails its writes.
    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => _discarding ? 0 : inner.UnflushedBytes;

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) =>
        _discarding ? ValueTask.FromResult(new FlushResult(isCanceled: false, isCompleted: false)) : inner.WriteAsync(source, cancellationToken);

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private byte[] Scratch(int sizeHint)
    {
        if (_scratch.Length < Math.Max(sizeHint, 4096)) _scratch = new byte[Math.Max(sizeHint, 4096)];
        return _scratch;
    }
}

/// <summary>A transport whose output is a <see cref="DiscardableOutput"/>.</summary>
internal sealed class DiscardableDuplexPipe(IDuplexPipe inner) : IDuplexPipe
{
    public DiscardableOutput Discardable { get; } = new(inner.Output);
    public PipeReader Input => inner.Input;
    public PipeWriter Output => Discardable;
}
