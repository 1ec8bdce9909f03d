using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Stats;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>Sample pairs with known answers: 0.5 s of CPU over 1 s on 2 CPUs is 50.00%; 50 MiB used with 10 MiB
/// inactive file pages under a 200 MiB limit is "40MiB / 200MiB" and 20.00%.</summary>
internal static class StatsSamples
{
    public const ulong MiB = 1024 * 1024;
    public static readonly DateTimeOffset T0 = new(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);

    public static ContainerStats Sample(string id, int second, ulong cpuNanos, bool v2 = false, ulong? limit = 200 * MiB) => new()
    {
        ContainerId = id,
        Time = T0.AddSeconds(second),
        Cpu = new CpuStats
        {
            UsageNanos = cpuNanos,
            UserNanos = cpuNanos * 3 / 4,
            SystemNanos = cpuNanos / 4,
            PerCpuNanos = v2 ? null : [cpuNanos / 2, cpuNanos - cpuNanos / 2],
            // /proc/stat over 2 CPUs: 2 s of host CPU time per wall second.
            SystemUsageNanos = 1_000_000_000_000UL + (ulong)second * 2_000_000_000UL,
            OnlineCpus = 2,
            ThrottlingPeriods = 10, ThrottledPeriods = 3, ThrottledNanos = 4000,
        },
        Memory = new MemoryStats
        {
            Usage = 50 * MiB,
            MaxUsage = 60 * MiB,
            Limit = limit,
            Stat = v2
                ? new Dictionary<string, ulong> { ["anon"] = 40 * MiB, ["inactive_file"] = 10 * MiB }
                : new Dictionary<string, ulong> { ["rss"] = 40 * MiB, ["total_inactive_file"] = 10 * MiB },
        },
        Pids = new PidsStats(3, 100),
        BlockIo = new BlockIoStats(ReadBytes: 4096, WriteBytes: 8192, ReadOps: 1, WriteOps: 2),
        Networks = [new NetworkInterfaceStats("lo", 100, 2, 0, 0, 100, 2, 0, 0)],
    };

    /// <summary>Creates and starts a fake container that runs until it is stopped.</summary>
    public static async Task<ContainerRecord> RunAsync(IContainerEngine engine, string name)
    {
        var record = await engine.CreateAsync(new CreateContainerRequest { Name = name, Image = "busybox", Cmd = ["sleep", "1000"] }, CancellationToken.None);
        await engine.StartAsync(record.Id, CancellationToken.None);
        return engine.Get(record.Id);
    }
}
