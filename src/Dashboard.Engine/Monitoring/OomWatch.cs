using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Containers;

namespace Dashboard.Engine.Monitoring;

/// <summary>One container's registration in <see cref="OomWatcher"/>: the kernel's notifications for its memory cgroup
/// (<see cref="CgroupOomEvents"/>) and the last oom_kill count seen.</summary>
internal sealed class OomWatch
{
    private readonly CgroupOomEvents _events;

    private OomWatch(string id, CgroupOomEvents events, ulong token, long? baseline)
    {
        Id = id;
        _events = events;
        Token = token;
        LastCount = baseline;
    }

    public string Id { get; }
    public string Dir => _events.Dir;
    public bool IsV1 => _events.IsV1;
    public int Fd => _events.Fd;
    public ulong Token { get; }
    public long? LastCount { get; private set; }

    public readonly record struct Outcome(OomNotification? Notification, bool CgroupGone);

    /// <summary>Registers for the notifications of <paramref name="dir"/>; kills counted before now are not reported.</summary>
    public static OomWatch Create(string id, string dir, ulong token)
    {
        var events = CgroupOomEvents.Open(dir);
        try
        {
            return new OomWatch(id, events, token, events.ReadKillCount());
        }
        catch
        {
            events.Close();
            throw;
        }
    }

    /// <summary>
    /// v1 signals the eventfd when the cgroup enters OOM, just before the kernel picks and kills a victim and bumps
    /// oom_kill; an event without a rise is therefore re-evaluated until this time.
    /// </summary>
    public DateTime? RecheckUntil { get; set; }

    /// <summary>Consumes the pending event and decides whether it was an OOM kill.</summary>
    public Outcome OnEvent()
    {
        _events.Drain();
        var outcome = Evaluate();
        RecheckUntil = IsV1 && outcome is { Notification: null, CgroupGone: false } ? DateTime.UtcNow.AddSeconds(1) : null;
        return outcome;
    }

    /// <summary>Reads the counter and reports a kill when it rose since the last look.</summary>
    public Outcome Evaluate()
    {
        long? count;
        try
        {
            count = _events.ReadKillCount();
        }
        catch (IOException)
        {
            // Missing file, or ENODEV from a kernfs file whose cgroup was just removed.
            return new Outcome(null, CgroupGone: true);
        }
        bool killed;
        if (count is null) killed = IsV1; // a kernel without the counter: every v1 OOM event counts
        else killed = count > (LastCount ?? 0);
        LastCount = count ?? LastCount;
        if (!killed) return new Outcome(null, false);

        var (usage, limit) = _events.ReadMemory();
        return new Outcome(new OomNotification(Id, new OomReport(DateTimeOffset.UtcNow, count ?? 0, usage, limit)), false);
    }

    public void Close() => _events.Close();
}
