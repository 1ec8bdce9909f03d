using Dashboard.Engine.Stats;

namespace Dashboard.Web.Components.Detail;

/// <summary>
/// Per-second rates from the cumulative counters of two consecutive samples (network bytes summed over the
/// container's interfaces, block I/O bytes). Pure, so the maths is tested without a browser or a sampler.
/// </summary>
public static class CounterRates
{
    /// <summary>
    /// Bytes per second between two readings of one counter. A counter that went down was reset (container restarted,
    /// interface removed): the rate restarts at 0 from this sample instead of going negative or spiking.
    /// </summary>
    public static double PerSecond(ulong previous, ulong current, TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero || current < previous) return 0;
        return Math.Round((current - previous) / elapsed.TotalSeconds, 1);
    }

    /// <summary>Received and transmitted bytes over all interfaces of the sample.</summary>
    public static (ulong Rx, ulong Tx) NetworkTotals(ContainerStats sample)
    {
        ulong rx = 0, tx = 0;
        foreach (var nic in sample.Networks) { rx += nic.RxBytes; tx += nic.TxBytes; }
        return (rx, tx);
    }

    /// <summary>Network rx/tx bytes per second since the previous sample; zeros for the first sample.</summary>
    public static (double Rx, double Tx) Network(ContainerStats sample, ContainerStats? previous)
    {
        if (previous is null) return (0, 0);
        var elapsed = sample.Time - previous.Time;
        var (rx, tx) = NetworkTotals(sample);
        var (prx, ptx) = NetworkTotals(previous);
        return (PerSecond(prx, rx, elapsed), PerSecond(ptx, tx, elapsed));
    }

    /// <summary>Block read/write bytes per second since the previous sample; zeros for the first sample.</summary>
    public static (double Read, double Write) BlockIo(ContainerStats sample, ContainerStats? previous)
    {
        if (previous is null) return (0, 0);
        var elapsed = sample.Time - previous.Time;
        return (PerSecond(previous.BlockIo.ReadBytes, sample.BlockIo.ReadBytes, elapsed),
                PerSecond(previous.BlockIo.WriteBytes, sample.BlockIo.WriteBytes, elapsed));
    }
}
