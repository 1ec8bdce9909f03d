using System.Globalization;

namespace Dashboard.Contracts.Namespaces;

/// <summary>
/// A container's processes as `ps -ef` prints them (UID PID PPID C STIME TTY TIME CMD), which is what docker top
/// shows. Shared by the Docker API's top endpoint and `dashctl top` so both print the same columns the same way.
/// </summary>
public static class PsColumns
{
    public static readonly IReadOnlyList<string> Titles = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"];

    /// <param name="now">The local clock, which decides whether STIME is a time (today) or a date.</param>
    public static string[] Row(NamespaceProcessDto p, DateTimeOffset now) =>
    [
        p.User,
        p.HostPid.ToString(CultureInfo.InvariantCulture),
        p.HostParentPid.ToString(CultureInfo.InvariantCulture),
        ((int)p.CpuPercent).ToString(CultureInfo.InvariantCulture),
        StartTime(p.StartedAt.ToOffset(now.Offset), now),
        "?", // conmon gives containers pipes, never a terminal
        CpuTime(TimeSpan.FromSeconds(p.CpuSeconds)),
        p.Command,
    ];

    /// <summary>ps's STIME: HH:MM for a process started today, else the month and day ("Nov27").</summary>
    public static string StartTime(DateTimeOffset started, DateTimeOffset now) =>
        started.Date == now.Date
            ? started.ToString("HH:mm", CultureInfo.InvariantCulture)
            : started.ToString("MMMdd", CultureInfo.InvariantCulture);

    /// <summary>ps's TIME: cumulative CPU as [DD-]HH:MM:SS.</summary>
    public static string CpuTime(TimeSpan cpu) =>
        (cpu.Days > 0 ? cpu.Days.ToString(CultureInfo.InvariantCulture) + "-" : "")
        + $"{cpu.Hours:00}:{cpu.Minutes:00}:{cpu.Seconds:00}";
}
