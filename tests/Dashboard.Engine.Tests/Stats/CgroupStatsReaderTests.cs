using Dashboard.Engine.Stats;

namespace Dashboard.Engine.Tests.Stats;

public sealed class CgroupStatsReaderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);
    private readonly StatsFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    private CgroupStatsReader V1(string id = StatsFixture.Id, int? pid = StatsFixture.Pid) =>
        new(id, _fx.Cgroup(_fx.V1, id), _fx.ProcRoot, pid);

    private CgroupStatsReader V2() => new(StatsFixture.Id, _fx.Cgroup(_fx.V2), _fx.ProcRoot, StatsFixture.Pid);

    [Fact]
    public void V1_reads_cpu_memory_pids_blkio_and_network()
    {
        using var reader = V1();
        var s = reader.Read(T0, 42, 2, null);

        Assert.Equal(StatsFixture.Id, s.ContainerId);
        Assert.Equal(2_500_000_000UL, s.Cpu.UsageNanos);
        Assert.Equal(1_800_000_000UL, s.Cpu.UserNanos);   // 180 USER_HZ ticks
        Assert.Equal(700_000_000UL, s.Cpu.SystemNanos);
        Assert.Equal([1_500_000_000UL, 1_000_000_000UL], s.Cpu.PerCpuNanos!);
        Assert.Equal((400UL, 120UL, 9_000_000_000UL), (s.Cpu.ThrottlingPeriods, s.Cpu.ThrottledPeriods, s.Cpu.ThrottledNanos));
        Assert.Equal(0.25, s.Cpu.LimitCpus);
        Assert.Equal((42UL, 2), (s.Cpu.SystemUsageNanos, s.Cpu.OnlineCpus));
        Assert.Equal(0, s.Cpu.Percent); // no previous sample: no rate

        Assert.Equal(10_485_760UL, s.Memory.Usage);
        Assert.Equal(10_485_760UL - 3_145_728UL, s.Memory.WorkingSet);
        Assert.Equal((4_194_304UL, 6_291_456UL, 1_048_576UL), (s.Memory.Cache, s.Memory.Rss, s.Memory.Swap));
        Assert.Equal(12_582_912UL, s.Memory.MaxUsage);
        Assert.Equal(33_554_432UL, s.Memory.Limit);
        Assert.Equal(2UL, s.Memory.OomKills);
        Assert.Equal(9_223_372_036_854_771_712UL, s.Memory.Stat["hierarchical_memsw_limit"]);

        Assert.Equal(new PidsStats(3, null), s.Pids);
        Assert.Equal(new BlockIoStats(5096, 8192, 5, 2), s.BlockIo);
        Assert.Equal(["lo", "eth0"], s.Networks.Select(n => n.Name));
        Assert.Equal(5_000_000UL, s.Networks[1].RxBytes);
        Assert.Null(s.Pressure); // v1 has no PSI files
    }

    [Fact]
    public void V1_unlimited_memory_and_quota_and_missing_controllers_read_as_null_and_zero()
    {
        using var reader = V1(StatsFixture.UnlimitedId, pid: null);
        var s = reader.Read(T0, 0, 2, null);

        Assert.Null(s.Memory.Limit);
        Assert.Null(s.Cpu.LimitCpus);
        Assert.Equal(100UL, s.Cpu.UsageNanos);
        Assert.Equal(0UL, s.Cpu.UserNanos);
        Assert.Null(s.Cpu.PerCpuNanos);
        Assert.Equal(4096UL, s.Memory.WorkingSet);
        Assert.Equal(new PidsStats(), s.Pids);
        Assert.Equal(new BlockIoStats(), s.BlockIo);
        Assert.Empty(s.Networks);
    }

    [Fact]
    public void V1_swap_falls_back_to_memsw_minus_usage_without_total_swap()
    {
        _fx.Write($"v1/memory/dashboard/{StatsFixture.Id}/memory.stat", "total_cache 1\ntotal_rss 2\ntotal_inactive_file 0\n");
        using var reader = V1();
        Assert.Equal(11_534_336UL - 10_485_760UL, reader.Read(T0, 0, 2, null).Memory.Swap);
    }

    [Fact]
    public void V2_reads_cpu_memory_pids_io_and_pressure()
    {
        using var reader = V2();
        var s = reader.Read(T0, 0, 2, null);

        Assert.Equal((3_000_000_000UL, 2_000_000_000UL, 1_000_000_000UL), (s.Cpu.UsageNanos, s.Cpu.UserNanos, s.Cpu.SystemNanos));
        Assert.Equal((50UL, 10UL, 700_000_000UL), (s.Cpu.ThrottlingPeriods, s.Cpu.ThrottledPeriods, s.Cpu.ThrottledNanos));
        Assert.Equal(0.5, s.Cpu.LimitCpus);
        Assert.Null(s.Cpu.PerCpuNanos);

        Assert.Equal(20_971_520UL, s.Memory.Usage);
        Assert.Equal(20_971_520UL - 6_291_456UL, s.Memory.WorkingSet);
        Assert.Equal((10_485_760UL, 8_388_608UL, 4096UL), (s.Memory.Cache, s.Memory.Rss, s.Memory.Swap));
        Assert.Equal(25_165_824UL, s.Memory.MaxUsage);
        Assert.Null(s.Memory.Limit); // "max"
        Assert.Equal(1UL, s.Memory.OomKills);

        Assert.Equal(new PidsStats(7, 64), s.Pids);
        Assert.Equal(new BlockIoStats(1_048_577, 2_097_154, 13, 24), s.BlockIo);
        Assert.Equal(new PressureLine(1.5, 0.5, 123456, 6789), s.Pressure!.Cpu);
        Assert.Equal(new PressureLine(2.25, 1.25, 99, 42), s.Pressure.Io);
        Assert.Equal(10UL, s.Pressure.Memory!.SomeTotalMicros);
    }

    [Fact]
    public void Open_handles_see_counters_rewritten_in_place_and_rates_follow_docker()
    {
        using var reader = V1();
        var first = reader.Read(T0, 10_000 * 10_000_000UL, 2, null);
        // One second later on 2 CPUs: the host used 2 s of CPU (200 jiffies), the container 0.25 s.
        _fx.Write($"v1/cpu,cpuacct/dashboard/{StatsFixture.Id}/cpuacct.usage", "2750000000\n");
        var second = reader.Read(T0.AddSeconds(1), 10_200 * 10_000_000UL, 2, first);

        Assert.Equal(2_750_000_000UL, second.Cpu.UsageNanos);
        Assert.Equal(25, second.Cpu.Percent, 6);
        Assert.Equal(12.5, second.Cpu.PercentOfHost, 6);
        Assert.Equal(100, second.Cpu.PercentOfLimit!.Value, 6); // limit 0.25 CPU
    }

    [Fact]
    public void Samples_carry_the_limits_in_effect_a_cpuset_bounds_the_cpus_and_the_hosts_memory_the_memory()
    {
        // No quota but a one-CPU cpuset on a 2-CPU host: 1 CPU in effect, on the chart as in the percent of limit.
        _fx.Write($"v1/cpu,cpuacct/dashboard/{StatsFixture.Id}/cpu.cfs_quota_us", "-1\n");
        _fx.Write($"v1/cpuset/dashboard/{StatsFixture.Id}/cpuset.cpus", "0\n");
        using var small = new CgroupStatsReader(StatsFixture.Id, _fx.Cgroup(_fx.V1), _fx.ProcRoot, StatsFixture.Pid, hostMemoryBytes: 16 << 20);
        var s = small.Read(T0, 0, 2, null);

        Assert.Equal(1.0, s.Cpu.LimitCpus);
        Assert.Null(s.Memory.Limit); // 32 MiB on a 16 MiB host limits nothing

        using var large = new CgroupStatsReader(StatsFixture.Id, _fx.Cgroup(_fx.V1), _fx.ProcRoot, StatsFixture.Pid, hostMemoryBytes: 8UL << 30);
        Assert.Equal(33_554_432UL, large.Read(T0, 0, 2, null).Memory.Limit);
    }

    [Fact]
    public void A_counter_going_backwards_after_a_restart_gives_no_negative_rate()
    {
        using var reader = V1();
        var first = reader.Read(T0, 1_000_000_000, 2, null);
        _fx.Write($"v1/cpu,cpuacct/dashboard/{StatsFixture.Id}/cpuacct.usage", "1000\n");
        var second = reader.Read(T0.AddSeconds(1), 3_000_000_000, 2, first);

        Assert.Equal(0, second.Cpu.Percent);
        Assert.Equal(0, second.Cpu.PercentOfHost);
    }

    [Fact]
    public void Missing_files_and_a_vanished_cgroup_read_as_zero_without_throwing()
    {
        using var reader = V1();
        Assert.True(reader.OpenFiles > 10);
        Directory.Delete(Path.Combine(_fx.Root, "v1", "pids", "dashboard", StatsFixture.Id), recursive: true);
        var s = reader.Read(T0, 0, 2, null); // the open handle still reads the unlinked file; must not throw
        Assert.Equal(2_500_000_000UL, s.Cpu.UsageNanos);

        using var none = new CgroupStatsReader(new string('9', 64), _fx.Cgroup(_fx.V1, new string('9', 64)), _fx.ProcRoot, 999999);
        Assert.Equal(0, none.OpenFiles);
        var empty = none.Read(T0, 0, 2, null);
        Assert.Equal(0UL, empty.Cpu.UsageNanos);
        Assert.Null(empty.Memory.Limit);
        Assert.Empty(empty.Networks);
    }

    [Fact]
    public void Dispose_closes_every_handle()
    {
        var reader = V1();
        reader.Dispose();
        Assert.Equal(0, reader.OpenFiles);
        Assert.True(reader.Disposed);
    }
}
