using System.Globalization;

namespace Dashboard.Engine.Inspection.Proc;

/// <summary>The CPU fields of /proc/PID/stat, in clock ticks.</summary>
internal sealed record ProcStat(string Comm, long UserTicks, long SystemTicks, long StartTicks)
{
    /// <summary>
    /// Fields are space separated, but field 2 is "(comm)" and comm may hold spaces and parentheses, so the fields
    /// after it are counted from the last ')'. utime, stime and starttime are fields 14, 15 and 22 (proc(5)).
    /// </summary>
    public static ProcStat? TryParse(string content)
    {
        var open = content.IndexOf('(');
        var close = content.LastIndexOf(')');
        if (open < 0 || close < open) return null;
        var rest = content[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // rest[0] is field 3 (state), so field N is rest[N - 3].
        if (rest.Length < 20) return null;
        return long.TryParse(rest[14 - 3], NumberStyles.None, CultureInfo.InvariantCulture, out var utime)
            && long.TryParse(rest[15 - 3], NumberStyles.None, CultureInfo.InvariantCulture, out var stime)
            && long.TryParse(rest[22 - 3], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? new ProcStat(content[(open + 1)..close], utime, stime, start)
            : null;
    }

    public TimeSpan CpuTime(long ticksPerSecond) => TimeSpan.FromSeconds((double)(UserTicks + SystemTicks) / ticksPerSecond);

    /// <summary>Time since the process started: /proc/uptime minus starttime, both on the boot clock.</summary>
    public TimeSpan Elapsed(double uptimeSeconds, long ticksPerSecond) =>
        TimeSpan.FromSeconds(Math.Max(0, uptimeSeconds - (double)StartTicks / ticksPerSecond));

    /// <summary>
    /// ps's %CPU: CPU time over the time since the process started, in percent of one core. The elapsed time is
    /// /proc/uptime minus starttime, both on the boot clock.
    /// </summary>
    public double CpuPercent(double uptimeSeconds, long ticksPerSecond)
    {
        var elapsed = uptimeSeconds - (double)StartTicks / ticksPerSecond;
        if (elapsed <= 0) return 0;
        return Math.Round(CpuTime(ticksPerSecond).TotalSeconds / elapsed * 100, 1);
    }

    /// <summary>The first number of /proc/uptime (seconds since boot), or null when it does not parse.</summary>
    public static double? ParseUptime(string? content)
    {
        var first = content?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;
    }
}
