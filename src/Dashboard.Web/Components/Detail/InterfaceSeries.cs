using Dashboard.Engine.Stats;

namespace Dashboard.Web.Components.Detail;

/// <summary>
/// The per-interface network chart: one rx and one tx series for each interface of the container but loopback (eth0,
/// eth1, ... one per network it is on), from /proc/PID/net/dev as the sampler reads it. The series follow the interfaces
/// of the newest sample; a sample with other interfaces (a restart onto other networks) starts the chart anew. Pure.
/// </summary>
public static class InterfaceSeries
{
    // rx and tx of one interface share a hue family: a darker and a lighter tone, interfaces cycling through four families.
    private static readonly (string Rx, string Tx)[] s_colors =
        [("#16a34a", "#86efac"), ("#2563eb", "#93c5fd"), ("#9333ea", "#d8b4fe"), ("#ea580c", "#fdba74")];

    /// <summary>The interfaces charted for a sample: all but <c>lo</c>, by name.</summary>
    public static IReadOnlyList<string> Names(ContainerStats? sample) =>
        sample is null ? [] : sample.Networks.Select(n => n.Name).Where(n => n != "lo").Order(StringComparer.Ordinal).ToList();

    public static bool Same(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.SequenceEqual(b, StringComparer.Ordinal);

    /// <summary>charts.js options: "eth0 rx", "eth0 tx", "eth1 rx", ... in bytes per second.</summary>
    public static Dictionary<string, object> Options(IReadOnlyList<string> names, long windowMs) => new()
    {
        ["unit"] = "bytes/s",
        ["windowMs"] = windowMs,
        ["series"] = names.SelectMany((name, i) => new object[]
        {
            new { name = name + " rx", color = s_colors[i % s_colors.Length].Rx, axis = "left" },
            new { name = name + " tx", color = s_colors[i % s_colors.Length].Tx, axis = "left" },
        }).ToArray(),
    };

    public static (string Rx, string Tx) Colors(int index) => s_colors[index % s_colors.Length];

    /// <summary>[time, rx0, tx0, rx1, tx1, ...] in bytes per second since <paramref name="previous"/>: 0 for an interface
    /// the previous sample did not have, for the first sample, and where a counter went down (reset).</summary>
    public static double[] Point(ContainerStats sample, ContainerStats? previous, IReadOnlyList<string> names)
    {
        var point = new double[1 + names.Count * 2];
        point[0] = sample.Time.ToUnixTimeMilliseconds();
        for (var i = 0; i < names.Count; i++)
        {
            var (rx, tx) = Rate(sample, previous, names[i]);
            point[1 + i * 2] = rx;
            point[2 + i * 2] = tx;
        }
        return point;
    }

    /// <summary>One interface's rx and tx bytes per second since the previous sample.</summary>
    public static (double Rx, double Tx) Rate(ContainerStats sample, ContainerStats? previous, string name)
    {
        var now = sample.Networks.FirstOrDefault(n => n.Name == name);
        var before = previous?.Networks.FirstOrDefault(n => n.Name == name);
        if (now is null || before is null || previous is null) return (0, 0);
        var elapsed = sample.Time - previous.Time;
        return (CounterRates.PerSecond(before.RxBytes, now.RxBytes, elapsed), CounterRates.PerSecond(before.TxBytes, now.TxBytes, elapsed));
    }
}
