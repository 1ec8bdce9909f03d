using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Monitoring;

/// <summary>One container's registration in <see cref="OomWatcher"/>: the fd epoll waits on and the last oom_kill count.</summary>
internal sealed class OomWatch
{
    private OomWatch(string id, string dir, bool v1, int fd, ulong token, long? baseline)
    {
        Id = id;
        Dir = dir;
        IsV1 = v1;
        Fd = fd;
        Token = token;
        LastCount = baseline;
    }

    public string Id { get; }
    public string Dir { get; }
    public bool IsV1 { get; }
    public int Fd { get; }
    public ulong Token { get; }
    public long? LastCount { get; private set; }

    public readonly record struct Outcome(OomNotification? Notification, bool CgroupGone);

    public static OomWatch Create(string id, string dir, ulong token)
    {
        if (File.Exists(Path.Combine(dir, "memory.oom_control"))) return CreateV1(id, dir, token);
        if (File.Exists(Path.Combine(dir, "memory.events"))) return CreateV2(id, dir, token);
        throw new DirectoryNotFoundException($"{dir} is not a memory cgroup (neither memory.oom_control nor memory.events exists).");
    }

    /// <summary>v1: eventfd registered as "EVENTFD OOM_CONTROL_FD" in cgroup.event_control (cgroup-v1/memory.txt §9).
    /// The kernel also signals the eventfd when the cgroup is removed.</summary>
    private static OomWatch CreateV1(string id, string dir, ulong token)
    {
        var controlPath = Path.Combine(dir, "memory.oom_control");
        var baseline = CgroupFileParsers.ParseOomKillCount(File.ReadAllText(controlPath));
        var eventFd = NativeMethods.eventfd(0, NativeMethods.EFD_CLOEXEC | NativeMethods.EFD_NONBLOCK);
        if (eventFd < 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), "eventfd failed");
        var controlFd = NativeMethods.open(controlPath, NativeMethods.O_RDONLY | NativeMethods.O_CLOEXEC);
        try
        {
            if (controlFd < 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), $"Cannot open {controlPath}");
            File.WriteAllText(Path.Combine(dir, "cgroup.event_control"),
                string.Create(CultureInfo.InvariantCulture, $"{eventFd} {controlFd}"));
        }
        catch
        {
            NativeMethods.close(eventFd);
            throw;
        }
        finally
        {
            // The registration holds its own reference; keeping ours open would only pin the file.
            if (controlFd >= 0) NativeMethods.close(controlFd);
        }
        return new OomWatch(id, dir, true, eventFd, token, baseline);
    }

    /// <summary>v2: the kernel modifies memory.events (and notifies inotify) whenever a counter in it changes.</summary>
    private static OomWatch CreateV2(string id, string dir, ulong token)
    {
        var eventsPath = Path.Combine(dir, "memory.events");
        var fd = NativeMethods.inotify_init1(NativeMethods.IN_CLOEXEC | NativeMethods.IN_NONBLOCK);
        if (fd < 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), "inotify_init1 failed");
        if (NativeMethods.inotify_add_watch(fd, eventsPath, NativeMethods.IN_MODIFY) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            NativeMethods.close(fd);
            throw new Win32Exception(errno, $"Cannot watch {eventsPath}");
        }
        var baseline = CgroupFileParsers.ParseOomKillCount(File.ReadAllText(eventsPath));
        return new OomWatch(id, dir, false, fd, token, baseline);
    }

    /// <summary>
    /// v1 signals the eventfd when the cgroup enters OOM, just before the kernel picks and kills a victim and bumps
    /// oom_kill; an event without a rise is therefore re-evaluated until this time.
    /// </summary>
    public DateTime? RecheckUntil { get; set; }

    /// <summary>Consumes the pending event and decides whether it was an OOM kill.</summary>
    public Outcome OnEvent()
    {
        NativeMethods.Drain(Fd);
        var outcome = Evaluate();
        RecheckUntil = IsV1 && outcome is { Notification: null, CgroupGone: false } ? DateTime.UtcNow.AddSeconds(1) : null;
        return outcome;
    }

    /// <summary>Reads the counter and reports a kill when it rose since the last look.</summary>
    public Outcome Evaluate()
    {
        var counterFile = Path.Combine(Dir, IsV1 ? "memory.oom_control" : "memory.events");
        string content;
        try
        {
            content = File.ReadAllText(counterFile);
        }
        catch (IOException)
        {
            // Missing file, or ENODEV from a kernfs file whose cgroup was just removed.
            return new Outcome(null, CgroupGone: true);
        }
        var count = CgroupFileParsers.ParseOomKillCount(content);
        bool killed;
        if (count is null) killed = IsV1; // a kernel without the counter: every v1 OOM event counts
        else killed = count > (LastCount ?? 0);
        LastCount = count ?? LastCount;
        if (!killed) return new Outcome(null, false);

        var usage = ReadNumber(IsV1 ? "memory.usage_in_bytes" : "memory.current");
        var limitText = ReadText(IsV1 ? "memory.limit_in_bytes" : "memory.max");
        var limit = IsV1 ? CgroupFileParsers.ParseV1Limit(limitText) : CgroupFileParsers.ParseMax(limitText);
        return new Outcome(new OomNotification(Id, DateTimeOffset.UtcNow, count ?? 0, usage, limit), false);
    }

    public void Close() => NativeMethods.close(Fd);

    private long? ReadNumber(string file) => CgroupFileParsers.ParseNumber(ReadText(file));

    private string? ReadText(string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(Dir, file));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }
    }
}
