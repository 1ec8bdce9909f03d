using System.Globalization;
using Dashboard.Contracts.Events;
using Dashboard.Contracts.Stats;

namespace Dashboard.Cli.Formatting;

/// <summary>The docker stats table and the docker events line.</summary>
public static class StatsFormat
{
    public static readonly string[] Headers = ["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"];

    /// <summary>One row as docker stats prints it; an unlimited container's limit is the host's memory.</summary>
    public static string[] Row(StatsSampleDto s, ulong hostMemory)
    {
        var limit = s.MemoryLimit ?? hostMemory;
        var memPercent = limit == 0 ? 0 : 100.0 * s.MemoryWorkingSet / limit;
        return
        [
            HumanFormat.ShortId(s.ContainerId),
            s.Name ?? "--",
            Percent(s.CpuPercent),
            $"{HumanFormat.BinarySize(s.MemoryWorkingSet)} / {HumanFormat.BinarySize(limit)}",
            Percent(memPercent),
            $"{HumanFormat.Size((long)s.NetworkRxBytes)} / {HumanFormat.Size((long)s.NetworkTxBytes)}",
            $"{HumanFormat.Size((long)s.BlockReadBytes)} / {HumanFormat.Size((long)s.BlockWriteBytes)}",
            s.Pids.ToString(CultureInfo.InvariantCulture),
        ];
    }

    public static string Percent(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>docker events: "2024-01-02T15:04:05.123456700Z container start &lt;id&gt; (image=busybox, name=web)".</summary>
    public static string EventLine(EventDto e)
    {
        var attributes = e.Attributes.Count == 0
            ? ""
            : " (" + string.Join(", ", e.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")) + ")";
        return $"{HumanFormat.Timestamp(e.Time)} {e.Type} {e.Action} {e.ActorId}{attributes}";
    }
}
