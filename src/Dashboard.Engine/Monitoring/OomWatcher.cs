using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Dashboard.Engine.Interop;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Monitoring;

/// <summary>
/// Kernel-driven OOM notifications, no polling. For a v1 memory cgroup (v1 and hybrid hosts) it registers an eventfd
/// on memory.oom_control through cgroup.event_control; for v2 it puts an inotify watch on memory.events. One
/// dedicated thread waits on all of them with epoll. An event counts as an OOM kill when the cgroup's oom_kill
/// counter rose (on kernels without the counter, any v1 OOM event counts). Thread-safe; the watcher owns its thread:
/// dispose stops and joins it and completes <see cref="Notifications"/>.
/// </summary>
public sealed unsafe class OomWatcher : IDisposable
{
    private const int MaxEvents = 32;
    private const ulong WakeToken = 0;
    private const int RecheckMilliseconds = 20;

    private readonly ILogger _logger;
    private readonly Channel<OomNotification> _notifications = Channel.CreateUnbounded<OomNotification>();
    private readonly Dictionary<string, OomWatch> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, OomWatch> _byToken = new();
    private readonly Lock _lock = new();
    private readonly KernelOomLog? _kernelLog;
    private readonly int _epoll;
    private readonly int _wakeFd;
    private readonly Thread _thread;
    private ulong _nextToken = 1;
    private volatile bool _stopping;
    private bool _disposed;

    /// <param name="logger">Optional.</param>
    /// <param name="kernelLogPath">Where to read OOM victims from (/dev/kmsg); null to not name victims.</param>
    public OomWatcher(ILogger<OomWatcher>? logger = null, string? kernelLogPath = KernelOomLog.DefaultPath)
    {
        _logger = logger ?? NullLogger<OomWatcher>.Instance;
        _kernelLog = kernelLogPath is null ? null : new KernelOomLog(kernelLogPath);
        _epoll = Check(NotifyNative.epoll_create1(NotifyNative.EPOLL_CLOEXEC), "epoll_create1");
        _wakeFd = Check(NotifyNative.eventfd(0, NotifyNative.EFD_CLOEXEC | NotifyNative.EFD_NONBLOCK), "eventfd");
        Check(NotifyNative.EpollAdd(_epoll, _wakeFd, WakeToken), "epoll_ctl");
        _thread = new Thread(Loop) { IsBackground = true, Name = "oom-watcher" };
        _thread.Start();
    }

    /// <summary>One notification per OOM kill observed. Unbounded: OOMs are rare and none may be dropped.</summary>
    public ChannelReader<OomNotification> Notifications => _notifications.Reader;

    /// <summary>
    /// Starts watching the memory cgroup directory of container <paramref name="id"/> (v1: contains
    /// memory.oom_control; v2: contains memory.events). Kills that happened before this call are not reported.
    /// Replaces an earlier watch of the same id. Throws when the directory is neither.
    /// </summary>
    public void Watch(string id, string memoryCgroupDir)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_lock)
        {
            RemoveLocked(id);
            var token = _nextToken++;
            var watch = OomWatch.Create(id, memoryCgroupDir, token);
            if (NotifyNative.EpollAdd(_epoll, watch.Fd, token) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                watch.Close();
                throw new Win32Exception(errno, $"Cannot watch {memoryCgroupDir} for OOM events");
            }
            _byId[id] = watch;
            _byToken[token] = watch;
        }
    }

    /// <summary>Stops watching; a no-op for unknown ids. Call before the cgroup is removed.</summary>
    public void Unwatch(string id)
    {
        lock (_lock) RemoveLocked(id);
    }

    /// <summary>Ids currently watched (for diagnostics and tests).</summary>
    public IReadOnlyCollection<string> WatchedIds
    {
        get { lock (_lock) return _byId.Keys.ToList(); }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stopping = true;
        NotifyNative.Signal(_wakeFd);
        _thread.Join();
        lock (_lock)
        {
            foreach (var id in _byId.Keys.ToList()) RemoveLocked(id);
        }
        NotifyNative.close(_wakeFd);
        NotifyNative.close(_epoll);
        _kernelLog?.Dispose();
        _notifications.Writer.TryComplete();
    }

    private void RemoveLocked(string id)
    {
        if (!_byId.Remove(id, out var watch)) return;
        _byToken.Remove(watch.Token);
        NotifyNative.EpollDelete(_epoll, watch.Fd);
        watch.Close();
    }

    private void Loop()
    {
        var events = stackalloc byte[MaxEvents * 16];
        while (!_stopping)
        {
            var count = NotifyNative.epoll_wait(_epoll, events, MaxEvents, HasPendingRechecks() ? RecheckMilliseconds : -1);
            if (count < 0)
            {
                if (Marshal.GetLastPInvokeError() == NotifyNative.EINTR) continue;
                _logger.LogError("epoll_wait failed with errno {Errno}; OOM events are no longer watched", Marshal.GetLastPInvokeError());
                return;
            }
            try
            {
                for (var i = 0; i < count && !_stopping; i++)
                {
                    var token = NotifyNative.EpollToken(events, i);
                    if (token == WakeToken)
                    {
                        NotifyNative.Drain(_wakeFd);
                        continue;
                    }
                    Handle(token);
                }
                Recheck();
            }
            catch (Exception e)
            {
                // An exception escaping a plain Thread would end the daemon; one bad cgroup must not.
                _logger.LogError(e, "OOM watcher iteration failed");
            }
        }
    }

    private void Publish(OomNotification notification)
    {
        var victim = _kernelLog?.TakeVictim(notification.Id);
        _notifications.Writer.TryWrite(victim is null
            ? notification
            : notification with { Report = notification.Report with { VictimPid = victim.Pid, VictimCommand = victim.Command } });
    }

    private bool HasPendingRechecks()
    {
        lock (_lock) return _byToken.Values.Any(w => w.RecheckUntil is not null);
    }

    private void Recheck()
    {
        lock (_lock)
        {
            var now = DateTime.UtcNow;
            foreach (var watch in _byToken.Values.Where(w => w.RecheckUntil is not null).ToList())
            {
                var outcome = watch.Evaluate();
                if (outcome.Notification is { } notification) Publish(notification);
                if (outcome.Notification is not null || watch.RecheckUntil < now) watch.RecheckUntil = null;
                if (outcome.CgroupGone) RemoveLocked(watch.Id);
            }
        }
    }

    private void Handle(ulong token)
    {
        lock (_lock)
        {
            if (!_byToken.TryGetValue(token, out var watch)) return;
            try
            {
                var outcome = watch.OnEvent();
                if (outcome.Notification is { } notification) Publish(notification);
                if (outcome.CgroupGone) RemoveLocked(watch.Id);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(e, "Reading OOM state of {Id} failed", watch.Id);
            }
        }
    }

    private static int Check(int result, string what) =>
        result >= 0 ? result : throw new Win32Exception(Marshal.GetLastPInvokeError(), $"{what} failed");
}
