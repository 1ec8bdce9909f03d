using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Containers.Logs;

/// <summary>
/// The daemon's one inotify instance for container logs, with two uses per container directory. Rotation: when conmon
/// renames a new ctr.log into a running container's directory (IN_MOVED_TO), the new file is linked under the next
/// number and the oldest files beyond the container's limit are deleted (<see cref="LogFileSet.Sync"/>); a poll every
/// second (every 100 ms when inotify is unavailable) catches anything an event did not report. Following: a reader of
/// `logs -f` (the Docker and native APIs, the Logs tab) subscribes with <see cref="Follow"/> and is woken when a file
/// of the log changes (IN_MODIFY: conmon appended; IN_CREATE or IN_MOVED_TO: a new file), so it reads as soon as the
/// line is written instead of at its next timer tick. A directory is watched for appends only while someone follows
/// it, so busy containers that nobody follows cost nothing. One dedicated thread does both; disposing stops and joins
/// it. Containers keep running and conmon keeps their size limit while the daemon is down; only the rotated files of
/// that time are not kept.
/// </summary>
public sealed unsafe class LogRotationWatcher : IDisposable
{
    private static readonly byte[] s_logFileName = "ctr.log"u8.ToArray();

    private readonly ILogger _logger;
    private const uint RotationMask = LogNative.IN_MOVED_TO;
    private const uint FollowMask = LogNative.IN_MODIFY | LogNative.IN_CREATE | LogNative.IN_MOVED_TO;

    private readonly Dictionary<string, Watched> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WatchedDirectory> _byDirectory = new(StringComparer.Ordinal);
    private readonly Dictionary<int, WatchedDirectory> _byDescriptor = new();
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
        var watched = new Watched(id, new LogFileSet(logPath), limits.MaxFiles, Path.GetDirectoryName(logPath)!);
        lock (_lock)
        {
            var directory = Directory(watched.Directory);
            directory.Rotation = watched;
            if (!UpdateWatch(directory))
                _logger.LogWarning("Cannot watch the log directory of {Id} (errno {Errno}); its rotations are found by the poll",
                    id, Marshal.GetLastPInvokeError());
            _byId[id] = watched;
        }
        Sync(watched);
    }

    /// <summary>Stops keeping the files of <paramref name="id"/>, after a last sync that keeps a rotation conmon made
    /// just before the container exited. A no-op for ids not watched.</summary>
    public void Unwatch(string id) => Unwatch(id, sync: true);

    /// <summary>
    /// Subscribes a follower of the log at <paramref name="logPath"/>: the signal is woken whenever a file in its
    /// directory changes. Dispose it when the follow ends. When inotify cannot watch the directory the signal says so
    /// (<see cref="LogChangeSignal.IsWatched"/>) and the follower keeps its timer.
    /// </summary>
    public LogChangeSignal Follow(string logPath)
    {
        var path = Path.GetDirectoryName(logPath)!;
        lock (_lock)
        {
            if (_disposed) return new LogChangeSignal(path, watched: false, unsubscribe: null);
            var directory = Directory(path);
            var signal = new LogChangeSignal(path, watched: true, Unfollow);
            directory.Followers.Add(signal);
            if (UpdateWatch(directory)) return signal;
            directory.Followers.Remove(signal);
            UpdateWatch(directory);
            return new LogChangeSignal(path, watched: false, unsubscribe: null);
        }
    }

    /// <summary>Ids currently watched (for tests and diagnostics).</summary>
    public IReadOnlyCollection<string> WatchedIds
    {
        get { lock (_lock) return _byId.Keys.ToList(); }
    }

    /// <summary>Directories inotify watches now, for rotation or followers (for tests).</summary>
    public int WatchedDirectoryCount
    {
        get { lock (_lock) return _byDescriptor.Count; }
    }

    private void Unwatch(string id, bool sync)
    {
        Watched? watched;
        lock (_lock)
        {
            if (!_byId.Remove(id, out watched)) return;
            if (_byDirectory.TryGetValue(watched.Directory, out var directory) && directory.Rotation == watched)
            {
                directory.Rotation = null;
                UpdateWatch(directory);
            }
        }
        if (sync) Sync(watched);
    }

    private void Unfollow(LogChangeSignal signal)
    {
        lock (_lock)
        {
            if (_byDirectory.TryGetValue(signal.Directory, out var directory) && directory.Followers.Remove(signal))
                UpdateWatch(directory);
        }
    }

    /// <summary>The entry of <paramref name="path"/>, made when missing (under <see cref="_lock"/>).</summary>
    private WatchedDirectory Directory(string path)
    {
        if (!_byDirectory.TryGetValue(path, out var directory)) _byDirectory[path] = directory = new WatchedDirectory(path);
        return directory;
    }

    /// <summary>Sets the directory's inotify mask to what its users need (replacing the previous one), or removes the
    /// watch when nobody needs it. False when inotify cannot watch it (under <see cref="_lock"/>).</summary>
    private bool UpdateWatch(WatchedDirectory directory)
    {
        var mask = (directory.Rotation is null ? 0 : RotationMask) | (directory.Followers.Count == 0 ? 0 : FollowMask);
        if (mask == 0)
        {
            // After Dispose the descriptor number may already be someone else's: no more calls on it.
            if (directory.Descriptor >= 0 && _byDescriptor.Remove(directory.Descriptor) && !_disposed)
                LogNative.inotify_rm_watch(_inotify, directory.Descriptor);
            directory.Descriptor = -1;
            _byDirectory.Remove(directory.Path);
            return true;
        }
        if (_inotify < 0 || _disposed) return false;
        var descriptor = LogNative.inotify_add_watch(_inotify, directory.Path, mask | LogNative.IN_ONLYDIR);
        if (descriptor < 0) return false;
        if (directory.Descriptor >= 0 && directory.Descriptor != descriptor) _byDescriptor.Remove(directory.Descriptor);
        directory.Descriptor = descriptor;
        _byDescriptor[descriptor] = directory;
        return true;
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
        var toWake = new HashSet<LogChangeSignal>();
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
                    else if ((mask & LogNative.IN_IGNORED) != 0) Forget(descriptor, toWake);
                    else if (name.StartsWith(s_logFileName) && Find(descriptor) is { } directory)
                    {
                        lock (_lock)
                        {
                            // ctr.log renamed in: a rotation; any change to a log file: news for the followers.
                            if ((mask & LogNative.IN_MOVED_TO) != 0 && name.SequenceEqual(s_logFileName) && directory.Rotation is { } watched)
                                toSync.Add(watched);
                            toWake.UnionWith(directory.Followers);
                        }
                    }
                }
            }
        }
        if (overflow)
        {
            toSync.UnionWith(Snapshot());
            lock (_lock) foreach (var directory in _byDirectory.Values) toWake.UnionWith(directory.Followers);
        }
        // Rotations first: a follower woken by the rename then finds the new file already linked.
        foreach (var watched in toSync) Sync(watched);
        foreach (var signal in toWake) signal.Wake();
    }

    private WatchedDirectory? Find(int descriptor)
    {
        lock (_lock) return _byDescriptor.GetValueOrDefault(descriptor);
    }

    /// <summary>The directory went away (the container was removed): the kernel dropped the watch. Its followers are
    /// woken to find that out.</summary>
    private void Forget(int descriptor, HashSet<LogChangeSignal> toWake)
    {
        lock (_lock)
        {
            if (!_byDescriptor.Remove(descriptor, out var directory)) return;
            directory.Descriptor = -1;
            toWake.UnionWith(directory.Followers);
        }
    }

    private List<Watched> Snapshot()
    {
        lock (_lock) return _byId.Values.ToList();
    }

    public void Dispose()
    {
        List<LogChangeSignal> followers;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            followers = _byDirectory.Values.SelectMany(d => d.Followers).ToList();
        }
        _stopping = true;
        ulong one = 1;
        LogNative.write(_wakeFd, (byte*)&one, sizeof(ulong));
        _thread.Join();
        if (_inotify >= 0) LogNative.close(_inotify);
        LogNative.close(_wakeFd);
        // They go on with their timers.
        foreach (var signal in followers) signal.Wake();
    }

    private sealed class Watched(string id, LogFileSet files, int maxFiles, string directory)
    {
        public string Id { get; } = id;
        public LogFileSet Files { get; } = files;
        public int MaxFiles { get; } = maxFiles;
        public string Directory { get; } = directory;
        public Lock Gate { get; } = new();
    }

    /// <summary>One watched container directory: its rotation (while it runs with a limit) and its followers.</summary>
    private sealed class WatchedDirectory(string path)
    {
        public string Path { get; } = path;
        public int Descriptor { get; set; } = -1;
        public Watched? Rotation { get; set; }
        public HashSet<LogChangeSignal> Followers { get; } = [];
    }
}
