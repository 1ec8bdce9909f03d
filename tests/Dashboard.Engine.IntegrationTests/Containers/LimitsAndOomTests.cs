using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Containers;

[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class LimitsAndOomTests
{
    [SkippableFact]
    public async Task Limits_land_in_the_containers_own_cgroup()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(new CreateContainerRequest
        {
            Image = "busybox", Cmd = ["sleep", "60"], Cpus = "0.25", Memory = "200m", PidsLimit = 100, CpuShares = 512,
        });
        string Read(string controller, string file) => File.ReadAllText(Path.Combine(f.CgroupDir(controller, c.Id), file)).Trim();
        Assert.Equal("25000", Read("cpu", "cpu.cfs_quota_us"));
        Assert.Equal("100000", Read("cpu", "cpu.cfs_period_us"));
        Assert.Equal("512", Read("cpu", "cpu.shares"));
        Assert.Equal("209715200", Read("memory", "memory.limit_in_bytes"));
        Assert.Equal("100", Read("pids", "pids.max"));
        var pid = f.Engine.Get(c.Id).State.Pid!.Value;
        Assert.Contains(pid.ToString(), Read("memory", "cgroup.procs").Split('\n'));
    }

    [SkippableFact]
    public async Task The_largest_limits_the_validator_accepts_are_ones_the_kernel_takes_at_start_and_update()
    {
        // Memory=2^63-1 used to double into a swap limit of -2 (EINVAL at start, a 500), and runc update turns sizes
        // that close to 2^63 negative; pids and quota above these maxima are EINVAL too. All are refused at create
        // now (the validator tests); these, the largest accepted, must work.
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(new CreateContainerRequest
        {
            Image = "busybox", Cmd = ["sleep", "60"], Memory = InputLimits.MaxMemoryBytes.ToString(),
            PidsLimit = InputLimits.MaxPidsLimit, CpuQuota = InputLimits.MaxCpuQuota, CpuPeriod = 1_000_000,
        });
        string Read(string controller, string file) => File.ReadAllText(Path.Combine(f.CgroupDir(controller, c.Id), file)).Trim();
        Assert.Equal(ContainerStatus.Running, f.Engine.Get(c.Id).State.Status);
        Assert.Equal("4194304", Read("pids", "pids.max"));
        Assert.Equal("17592186044415", Read("cpu", "cpu.cfs_quota_us"));
        Assert.Equal("1000000", Read("cpu", "cpu.cfs_period_us"));
        // The kernel keeps a page-aligned "no limit" for anything that large.
        Assert.True(long.Parse(Read("memory", "memory.limit_in_bytes")) > (1L << 62));

        await f.Engine.UpdateLimitsAsync(c.Id, new LimitsUpdate { Memory = "64m" }, CancellationToken.None);
        Assert.Equal("67108864", Read("memory", "memory.limit_in_bytes"));
        var updated = await f.Engine.UpdateLimitsAsync(c.Id, new LimitsUpdate { Memory = InputLimits.MaxMemoryBytes.ToString() }, CancellationToken.None);
        Assert.Equal(-1, updated.Config.Resources.MemorySwapBytes);
        Assert.True(long.Parse(Read("memory", "memory.limit_in_bytes")) > (1L << 62));
    }

    [SkippableFact]
    public async Task A_memory_hog_is_oom_killed_with_137_and_an_oom_event()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        using var events = f.Host.Events.Subscribe();
        var (code, _) = await f.RunToEndAsync(new CreateContainerRequest
        {
            Image = "busybox", Memory = "32m", MemorySwap = "32m",
            // PID 1 itself grows until the kernel kills it.
            Cmd = ["sh", "-c", "x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; while true; do x=$x$x; done"],
        });
        Assert.Equal(137, code);
        var state = f.Engine.List().Single().State;
        Assert.True(state.OomKilled);
        var seen = new List<Events.EngineEvent>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (seen.All(e => e.Action != "die"))
            seen.Add(await events.Reader.ReadAsync(cts.Token));
        // The oom event comes before the die it explains, and a late kernel notification adds no duplicate.
        await Task.Delay(1500);
        while (events.Reader.TryRead(out var late)) seen.Add(late);
        var ooms = seen.Where(e => e.Action == "oom").ToList();
        Assert.NotEmpty(ooms);
        Assert.True(seen.IndexOf(ooms[0]) < seen.FindIndex(e => e.Action == "die"));
        Assert.Equal(ooms.Count, ooms.Select(e => e.Attributes["oomKillCount"]).Distinct().Count());
        var die = Assert.Single(seen, e => e.Action == "die");
        Assert.Equal("true", die.Attributes["oomKilled"]);
        Assert.Equal("33554432", die.Attributes["memoryLimit"]);
    }

    [SkippableFact]
    public async Task An_oom_kill_writes_nothing_into_the_daemons_current_directory()
    {
        Prerequisites.Require();
        using var cwd = new TemporaryCurrentDirectory();
        await using var f = await EngineFixture.StartAsync();
        var (code, _) = await f.RunToEndAsync(new CreateContainerRequest
        {
            Image = "busybox", Memory = "32m", MemorySwap = "32m",
            Cmd = ["sh", "-c", "x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; while true; do x=$x$x; done"],
        });
        Assert.Equal(137, code);
        var id = f.Engine.List().Single().Id;
        await Task.Delay(500); // conmon may write its oom file just after the exit file
        Assert.Empty(cwd.Entries());
        // conmon ran in RunRoot/conmon/ID, which went with the run's other runtime files when the exit was handled.
        var runtime = new Dashboard.Engine.Runtime.RuntimePaths(f.Options.RunRoot);
        Assert.False(Directory.Exists(runtime.ConmonWorkDir(id)), "the run directory is removed when the run ends");

        await f.Engine.RemoveAsync(id, force: false, CancellationToken.None);
        var left = Directory.EnumerateFileSystemEntries(f.Options.RunRoot, "*", SearchOption.AllDirectories)
            .Where(p => p.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Empty(left);
        Assert.Empty(cwd.Entries());
    }
}
