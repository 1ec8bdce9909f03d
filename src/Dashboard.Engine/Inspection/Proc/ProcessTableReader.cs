using System.Globalization;

namespace Dashboard.Engine.Inspection.Proc;

/// <summary>
/// Builds the PID table of a container from /proc: for each host pid of its cgroup, status (NSpid, PPid, Uid, State,
/// VmRSS), stat (CPU ticks, start time) and cmdline. A process that exits between two reads is left out: the table
/// is a snapshot, and a vanished process is not an error.
/// </summary>
internal sealed class ProcessTableReader(string procRoot, long ticksPerSecond)
{
    /// <param name="hostPids">The cgroup's members (cgroup.procs), in any order.</param>
    /// <param name="initHostPid">The container's init; it is listed first.</param>
    /// <param name="uidMap">The container's uid_map, to show uids as the container sees them (the same numbers
    /// without a user namespace).</param>
    /// <param name="userNames">Names from the container's /etc/passwd by container uid.</param>
    public IReadOnlyList<NamespaceProcess> Read(IEnumerable<int> hostPids, int initHostPid, IReadOnlyList<IdMapRange> uidMap,
        IReadOnlyDictionary<long, string> userNames)
    {
        var uptime = ProcStat.ParseUptime(ProcFs.TryRead(Path.Combine(procRoot, "uptime"))) ?? 0;
        var raw = new List<(ProcStatus Status, ProcStat Stat, string Command)>();
        foreach (var pid in hostPids.Distinct())
        {
            var dir = ProcFs.PidDir(procRoot, pid);
            var statusText = ProcFs.TryRead(Path.Combine(dir, "status"));
            var statText = ProcFs.TryRead(Path.Combine(dir, "stat"));
            var cmdline = ProcFs.TryRead(Path.Combine(dir, "cmdline"));
            if (statusText is null || statText is null || cmdline is null) continue; // exited mid-read
            var stat = ProcStat.TryParse(statText);
            if (stat is null) continue;
            var status = ProcStatus.Parse(statusText);
            raw.Add((status with { Pid = pid }, stat, Command(cmdline, stat.Comm)));
        }

        var containerPidOf = raw.ToDictionary(r => r.Status.Pid, r => r.Status.NsPids[^1]);
        return raw
            .Select(r =>
            {
                var uid = IdMaps.ToInside(uidMap, r.Status.EffectiveUid) ?? r.Status.EffectiveUid;
                return new NamespaceProcess
                {
                    HostPid = r.Status.Pid,
                    ContainerPid = r.Status.NsPids[^1],
                    HostParentPid = r.Status.ParentPid,
                    ContainerParentPid = containerPidOf.GetValueOrDefault(r.Status.ParentPid),
                    NsPids = r.Status.NsPids,
                    Uid = (int)uid,
                    User = userNames.TryGetValue(uid, out var name) ? name : uid.ToString(CultureInfo.InvariantCulture),
                    Command = r.Command,
                    State = r.Status.State,
                    CpuTime = r.Stat.CpuTime(ticksPerSecond),
                    CpuPercent = r.Stat.CpuPercent(uptime, ticksPerSecond),
                    RssBytes = r.Status.RssBytes,
                    Elapsed = r.Stat.Elapsed(uptime, ticksPerSecond),
                };
            })
            .OrderBy(p => p.HostPid == initHostPid ? 0 : 1)
            .ThenBy(p => p.ContainerPid)
            .ToList();
    }

    /// <summary>argv joined by spaces, as ps shows it; "[comm]" when cmdline is empty (a zombie, or a kernel-style
    /// process).</summary>
    public static string Command(string cmdline, string comm)
    {
        var args = cmdline.Split('\0');
        var count = args.Length;
        while (count > 0 && args[count - 1].Length == 0) count--;
        return count == 0 ? $"[{comm}]" : string.Join(' ', args.Take(count));
    }
}
