using Dashboard.Engine.Images;

namespace Dashboard.Engine.Registry;

/// <summary>
/// Layer downloads in flight, by diff id, so two pulls that need the same layer download and unpack it once. Each
/// pull holds a lease; the download runs under its own cancellation, cancelled when the last lease is released before
/// it finished (every pull that wanted it is gone). The last lease also deletes an unpacked directory that no pull
/// committed, so a cancelled or failed pull leaves nothing in tmp/.
/// </summary>
internal sealed class SharedLayerDownloads
{
    private readonly Dictionary<string, Download> _inflight = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>Joins the download of <paramref name="diffId"/> or starts it with <paramref name="start"/>.
    /// <c>Started</c> says whether this caller's progress callback is the one the download reports to.</summary>
    public Lease Acquire(string diffId, Func<CancellationToken, Task<PulledLayer>> start)
    {
        lock (_lock)
        {
            if (_inflight.TryGetValue(diffId, out var existing))
            {
                existing.Leases++;
                return new Lease(this, diffId, existing, started: false);
            }
            var download = new Download();
            download.Task = Task.Run(() => start(download.Cancellation.Token));
            _inflight[diffId] = download;
            return new Lease(this, diffId, download, started: true);
        }
    }

    private void Release(string diffId, Download download)
    {
        lock (_lock)
        {
            if (--download.Leases > 0) return;
            _inflight.Remove(diffId);
        }
        download.Cancellation.Cancel();
        // Whatever the outcome, an unpacked directory nobody committed is deleted once the download has stopped.
        _ = download.Task.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully && t.Result.WorkDirectory is { } work) ImageService.DeleteWorkDirectory(work);
            download.Cancellation.Dispose();
        }, TaskScheduler.Default);
    }

    internal sealed class Download
    {
        public Task<PulledLayer> Task = null!;
        public int Leases = 1;
        public readonly CancellationTokenSource Cancellation = new();
    }

    internal sealed class Lease(SharedLayerDownloads owner, string diffId, Download download, bool started) : IDisposable
    {
        private bool _released;

        public bool Started => started;

        public Task<PulledLayer> WaitAsync(CancellationToken cancellationToken) => download.Task.WaitAsync(cancellationToken);

        public void Dispose()
        {
            if (_released) return;
            _released = true;
            owner.Release(diffId, download);
        }
    }
}
