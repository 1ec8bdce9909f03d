using System.Threading.Channels;
using Dashboard.Engine.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Monitoring;

/// <summary>
/// Reports each exit file conmon writes in RunRoot/exits (one file per container, named by its id). Woken by a
/// FileSystemWatcher (inotify) and, in case an event is lost, by a poll every second. Files already present when
/// the watcher starts are reported too, so exits that happened while the daemon was down are not missed.
/// Each file instance is reported once; when the file is removed (<see cref="IContainerRuntime.CleanupFiles"/>) and
/// written again for a new run, it is reported again. The watcher owns its loop: <see cref="StopAsync"/> (or
/// dispose) cancels and awaits it and completes <see cref="Exits"/>.
/// </summary>
public sealed class ExitWatcher : IAsyncDisposable
{
    private readonly string _exitDir;
    private readonly TimeSpan _pollInterval;
    private readonly ILogger _logger;
    private readonly Channel<ContainerExited> _exits = Channel.CreateUnbounded<ContainerExited>(new UnboundedChannelOptions { SingleReader = false });
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Dictionary<string, DateTime> _reported = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private FileSystemWatcher? _watcher;
    private Task? _loop;

    public ExitWatcher(string exitDir, ILogger<ExitWatcher>? logger = null, TimeSpan? pollInterval = null)
    {
        _exitDir = exitDir;
        _pollInterval = pollInterval ?? TimeSpan.FromSeconds(1);
        _logger = logger ?? NullLogger<ExitWatcher>.Instance;
    }

    /// <summary>Every exit, in the order they were seen. Unbounded: exits are rare and none may be dropped.</summary>
    public ChannelReader<ContainerExited> Exits => _exits.Reader;

    /// <summary>Starts watching (creates the directory if needed). Calling it twice is an error.</summary>
    public void Start()
    {
        if (_loop is not null) throw new InvalidOperationException("ExitWatcher already started.");
        Directory.CreateDirectory(_exitDir);
        try
        {
            _watcher = new FileSystemWatcher(_exitDir) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
            _watcher.Created += (_, _) => Wake();
            _watcher.Changed += (_, _) => Wake();
            _watcher.Renamed += (_, _) => Wake();
            _watcher.Error += (_, e) => _logger.LogWarning(e.GetException(), "Exit directory watcher failed; polling continues");
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException)
        {
            // inotify instances exhausted or similar: the poll still finds every exit, just up to a second later.
            _logger.LogWarning(e, "Cannot watch {ExitDir}; falling back to polling", _exitDir);
        }
        _loop = Task.Run(() => LoopAsync(_stopping.Token));
    }

    /// <summary>Scans now instead of waiting for the next event or poll (e.g. right after the engine kills a container).</summary>
    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0) _wake.Release();
        }
        catch (ObjectDisposedException)
        {
            // A file event that raced with disposal: nothing left to wake.
        }
    }

    /// <summary>Hands every exit to <paramref name="onExit"/> (e.g. ContainerEngine.OnContainerExitedAsync) until the
    /// watcher stops or <paramref name="cancellationToken"/> fires. A failing handler is logged, not fatal.</summary>
    public async Task ForwardAsync(Func<ContainerExited, Task> onExit, CancellationToken cancellationToken)
    {
        await foreach (var exit in Exits.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await onExit(exit).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Handling the exit of {Id} failed", exit.Id);
            }
        }
    }

    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        _watcher?.Dispose();
        if (_loop is not null)
        {
            try { await _loop.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        _exits.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _wake.Dispose();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                Scan();
            }
            catch (Exception e)
            {
                // Keep watching: a bad scan must not silently end exit reporting for every container.
                _logger.LogWarning(e, "Scanning {ExitDir} failed", _exitDir);
            }
            try
            {
                await _wake.WaitAsync(_pollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Scan()
    {
        if (!Directory.Exists(_exitDir)) return;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(_exitDir))
        {
            var id = Path.GetFileName(path);
            // conmon writes through a temporary "ID.XXXXXX" and renames it; ids never contain dots.
            if (id.Contains('.')) continue;
            present.Add(id);
            var written = File.GetLastWriteTimeUtc(path);
            if (_reported.TryGetValue(id, out var seen) && seen == written) continue;
            var code = ExitFileParser.TryRead(path);
            if (code is null) continue;
            // The time is taken again after reading: a writer that created the file and then wrote its content
            // moves the time between the two, which would otherwise report the same exit twice.
            written = File.GetLastWriteTimeUtc(path);
            if (_reported.TryGetValue(id, out seen) && seen == written) continue;
            _reported[id] = written;
            _exits.Writer.TryWrite(new ContainerExited(id, code.Value, new DateTimeOffset(written, TimeSpan.Zero)));
        }
        foreach (var gone in _reported.Keys.Where(id => !present.Contains(id)).ToList()) _reported.Remove(gone);
    }
}
