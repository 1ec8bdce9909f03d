using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Containers.Logs;

/// <summary>
/// Keeps the rotated log files of running containers: when conmon renames a new ctr.log into a container's directory
/// (seen at once through one inotify instance for all containers, IN_MOVED_TO), the new file is linked under the next
/// number and the oldest files beyond the container's limit are deleted (<see cref="LogFileSet.Sync"/>). A poll every
/// second (every 100 ms when inotify is unavailable) catches anything an event did not report. One dedicated thread
/// does both; disposing stops and joins it. Containers keep running and conmon keeps their size limit while the
/// daemon is down; only the rotated files of that time are not kept.
/// </summary>
public sealed unsafe class LogRotationWatcher : IDisposable
{
    private static readonly byte[] s_logFileName = "ctr.log"u8.ToArray();

    private readonly ILogger _logger;
    private readonly Dictionary<string, Watched> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Watched> _byDescriptor = new();
    private readonly Lock _lock = new();
    private readonly int _inotify;
    private readonly int _wakeFd;
    private readonly int _pollMilliseconds;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private bool _disposed;

    public LogRotationWatcher(ILogger<LogRotationWatcher>? logger = null)
    {
        _logger = logger ?? NullLogger<LogRotationWatcher>.Instance;
        _wakeFd = LogNative.eventfd(0, LogNative.O_CLOEXEC | LogNative.O_NONBLOCK);
        if (_wakeFd < 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), "eventfd failed");
        _inotify = LogNative.inotify_init1(LogNative.O_CLOEXEC | LogNative.O_NONBLOCK);
        if (_inotify < 0)
            _logger.LogWarning("inotify is unavailable (errno {Errno}); container log rotations are found by polling every 100 ms", Marshal.GetLastPInvokeError());
        _pollMilliseconds = _inotify >= 0 ? 1000 : 100;
        _thread = new Thread(Loop) { IsBackground = true, Name = "log-rotation" };
        _thread.Start();
    }

    /// <summary>Keeps the rotated files of container <paramref name="id"/> from now on (replacing an earlier watch of
    /// it). Nothing to do for one file or no limit: then conmon's truncation alone is the rotation.</summary>
    public void Watch(string id, string logPath, LogFileLimits limits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Unwatch(id, sync: false);
        if (!limits.Bounded || limits.MaxFiles <= 1) return;
        var watched = new Watched(id, new LogFileSet(logPath), limits.MaxFiles);
        lock (_lock)
        {
            if (_inotify >= 0)
            {
                watched.Descriptor = LogNative.inotify_add_watch(_inotify, Path.GetDirectoryName(logPath)!, LogNative.IN_MOVED_TO | LogNative.IN_ONLYDIR);
                if (watched.Descriptor < 0)
                    _logger.LogWarning("Cannot watch the log directory of {Id} (errno {Errno}); its rotations are found by the poll",
                        id, Marshal.GetLastPInvokeError());
                else _byDescriptor[watched.Descriptor] = watched;
            }
            _byId[id] = watched;
        }
        Sync(watched);
    }

    /// <summary>Stops keeping the files of <paramref name="id"/>, after a last sync that keeps a rotation conmon made
    /// just before the container exited. A no-op for ids not watched.</summary>
    public void Unwatch(string id) => Unwatch(id, sync: true);

    /// <summary>Ids currently watched (for tests and diagnostics).</summary>
    public IReadOnlyCollection<string> WatchedIds
    {
        get { lock (_lock) return _byId.Keys.ToList(); }
    }

    private void Unwatch(string id, bool sync)
    {
        Watched? watched;
        lock (_lock)
        {
            if (!_byId.Remove(id, out watched)) return;
            if (watched.Descriptor >= 0 && _byDescriptor.Remove(watched.Descriptor))
                LogNative.inotify_rm_watch(_inotify, watched.Descriptor);
        }
        if (sync) Sync(watched);
    }

    private void Sync(Watched watched)
    {
        lock (watched.Gate)
        {
            try
            {
                watched.Files.Sync(watched.MaxFiles);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(e, "Keeping the rotated log files of {Id} failed", watched.Id);
            }
        }
    }

    private void Loop()
    {
        var fds = stackalloc LogNative.PollFd[2];
        fds[0] = new LogNative.PollFd { Fd = _wakeFd, Events = LogNative.POLLIN };
        fds[1] = new LogNative.PollFd { Fd = _inotify, Events = LogNative.POLLIN };
        var events = new byte[64 * 1024];
        var nextPoll = Environment.TickCount64 + _pollMilliseconds;
        while (!_stopping)
        {
            var timeout = (int)Math.Max(0, nextPoll - Environment.TickCount64);
            var ready = LogNative.poll(fds, _inotify >= 0 ? 2u : 1u, timeout);
            if (_stopping) break;
            try
            {
                if (ready < 0 && Marshal.GetLastPInvokeError() != LogNative.EINTR)
                {
                    _logger.LogError("poll failed with errno {Errno}; container log rotations are no longer kept", Marshal.GetLastPInvokeError());
                    return;
                }
                if (ready > 0 && (fds[1].Revents & LogNative.POLLIN) != 0) HandleEvents(events);
                if (Environment.TickCount64 >= nextPoll)
                {
                    foreach (var watched in Snapshot()) Sync(watched);
                    nextPoll = Environment.TickCount64 + _pollMilliseconds;
                }
            }
            catch (Exception e)
            {
                // An exception escaping a plain thread would end the daemon; one bad directory must not.
                _logger.LogError(e, "Log rotation watcher iteration failed");
            }
        }
    }

    private void HandleEvents(byte[] events)
    {
        var toSync = new HashSet<Watched>();
        var overflow = false;
        fixed (byte* buffer = events)
        {
            nint read;
            while ((read = LogNative.read(_inotify, buffer, events.Length)) > 0)
            {
                for (var offset = 0; offset + 16 <= read;)
                {
                    var descriptor = *(int*)(buffer + offset);
                    var mask = *(uint*)(buffer + offset + 4);
                    var nameLength = *(int*)(buffer + offset + 12);
                    var name = new ReadOnlySpan<byte>(buffer + offset + 16, nameLength);
                    var end = name.IndexOf((byte)0);
                    if (end >= 0) name = name[..end];
                    offset += 16 + nameLength;
                    if ((mask & LogNative.IN_Q_OVERFLOW) != 0) overflow = true;
                    else if ((mask & LogNative.IN_IGNORED) != 0) Forget(descriptor);
                    else if (name.SequenceEqual(s_logFileName) && Find(descriptor) is { } watched) toSync.Add(watched);
                }
            }
        }
        if (overflow) toSync.UnionWith(Snapshot());
        foreach (var watched in toSync) Sync(watched);
    }

    private Watched? Find(int descriptor)
    {
        lock (_lock) return _byDescriptor.GetValueOrDefault(descriptor);
    }

    /// <summary>The directory went away (the container was removed): the kernel dropped the watch.</summary>
    private void Forget(int descriptor)
    {
        lock (_lock)
        {
            if (_byDescriptor.Remove(descriptor, out var watched)) watched.Descriptor = -1;
        }
    }

    private List<Watched> Snapshot()
    {
        lock (_lock) return _byId.Values.ToList();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopping = true;
        ulong one = 1;
        LogNative.write(_wakeFd, (byte*)&one, sizeof(ulong));
        _thread.Join();
        if (_inotify >= 0) LogNative.close(_inotify);
        LogNative.close(_wakeFd);
    }

    private sealed class Watched(string id, LogFileSet files, int maxFiles)
    {
        public string Id { get; } = id;
        public LogFileSet Files { get; } = files;
        public int MaxFiles { get; } = maxFiles;
        public int Descriptor { get; set; } = -1;
        public Lock Gate { get; } = new();
    }
}
