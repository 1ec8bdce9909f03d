using Xunit.Abstractions;
using Dashboard.Engine.Containers;
using Dashboard.Engine.IntegrationTests.Containers;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Stats;

namespace Dashboard.Engine.IntegrationTests.Stats;

[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class StatsSamplerRealTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_cpu_bound_container_under_a_quarter_cpu_reads_about_25_percent_and_is_throttled()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var stats = f.Host.Stats;
        Assert.Equal(TimeSpan.FromSeconds(1), stats.Interval);
        var c = await f.RunAsync(new CreateContainerRequest
        {
            Image = "busybox", Cpus = "0.25", Memory = "64m", Cmd = ["sh", "-c", "while true; do :; done"],
        });
        using var subscription = stats.Subscribe(c.Id);

        var samples = new List<ContainerStats>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        // The first sample has no rate; then ~3 s of samples.
        while (samples.Count < 5)
            samples.Add(await subscription.Reader.ReadAsync(timeout.Token));

        var first = samples[1];
        var last = samples[^1];
        var wallNanos = (last.Time - first.Time).TotalNanoseconds;
        var percentOfOneCore = (last.Cpu.UsageNanos - first.Cpu.UsageNanos) / wallNanos * 100;
        output.WriteLine($"cpu {percentOfOneCore:F1}% of one core; docker-style {string.Join(", ", samples.Select(s => s.Cpu.Percent.ToString("F1")))}; " +
            $"of limit {last.Cpu.PercentOfLimit:F1}%; throttled {first.Cpu.ThrottledPeriods}->{last.Cpu.ThrottledPeriods}; mem {last.Memory.Usage}; pids {last.Pids.Current}");
        Assert.InRange(percentOfOneCore, 15, 35);
        Assert.InRange(samples.Skip(2).Average(s => s.Cpu.Percent), 15, 35);  // docker's formula, per sample
        Assert.InRange(last.Cpu.PercentOfLimit!.Value, 60, 140);
        Assert.Equal(0.25, last.Cpu.LimitCpus);
        Assert.True(last.Cpu.ThrottledPeriods > first.Cpu.ThrottledPeriods,
            $"nr_throttled did not rise: {first.Cpu.ThrottledPeriods} -> {last.Cpu.ThrottledPeriods}");
        Assert.True(last.Cpu.ThrottledNanos > first.Cpu.ThrottledNanos);

        Assert.True(last.Memory.Usage > 0);
        Assert.Equal(64UL * 1024 * 1024, last.Memory.Limit);
        Assert.True(last.Memory.WorkingSet <= last.Memory.Usage);
        Assert.True(last.Pids.Current >= 1);
        Assert.Contains(last.Networks, n => n.Name == "lo");
        Assert.True(last.Cpu.OnlineCpus >= 1);
        Assert.True(last.Cpu.SystemUsageNanos > first.Cpu.SystemUsageNanos);

        var (latest, previous) = stats.LatestPair(c.Id);
        Assert.NotNull(previous);
        Assert.True(latest!.Time > previous!.Time);
        Assert.NotNull(stats.SampleNow(c.Id));
    }

    [SkippableFact]
    public async Task Stopping_a_container_closes_its_files_and_keeps_its_history()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var sampler = Assert.IsType<StatsSampler>(f.Host.Stats);
        var c = await f.RunAsync(new CreateContainerRequest { Image = "busybox", Cmd = ["sleep", "60"] });
        using var subscription = sampler.Subscribe(c.Id);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await subscription.Reader.ReadAsync(timeout.Token);
        Assert.True(sampler.OpenFiles(c.Id) > 0);

        await f.Engine.StopAsync(c.Id, 1, null, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (sampler.OpenFiles(c.Id) > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);

        Assert.Equal(0, sampler.OpenFiles(c.Id));
        Assert.NotNull(sampler.Latest(c.Id));
        Assert.Null(sampler.SampleNow(c.Id));
    }

    [SkippableFact]
    public async Task Sampling_a_real_container_costs_microseconds_not_milliseconds()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var sampler = Assert.IsType<StatsSampler>(f.Host.Stats);
        var c = await f.RunAsync(new CreateContainerRequest { Image = "busybox", Cmd = ["sleep", "60"] });
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (sampler.OpenFiles(c.Id) == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        // Warm up long enough for tiered JIT to promote the hot path (it waits ~100 ms after 30 calls).
        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.ElapsedMilliseconds < 1000) sampler.SampleNow(c.Id);

        const int n = 5000;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < n; i++) sampler.SampleNow(c.Id);
        var micros = watch.Elapsed.TotalMicroseconds / n;
        output.WriteLine($"{micros:F1} us per container sample (SampleNow, includes /proc/stat), {sampler.OpenFiles(c.Id)} open files");
        Assert.InRange(micros, 0, 500); // generous: a shared 2-core machine; the benchmark reports the real figure
    }
}
