using Dashboard.Cli.Commands;
using Dashboard.Cli.Formatting;
using Dashboard.Contracts.Events;
using Dashboard.Contracts.Stats;

namespace Dashboard.Cli.Tests;

public sealed class StatsFormatTests
{
    [Theory]
    [InlineData(0UL, "0B")]
    [InlineData(1023UL, "1023B")]
    [InlineData(1024UL, "1KiB")]
    [InlineData(1572864UL, "1.5MiB")]
    [InlineData(8178892800UL, "7.617GiB")]
    public void Binary_sizes_read_like_docker_stats(ulong bytes, string expected) =>
        Assert.Equal(expected, HumanFormat.BinarySize(bytes));

    [Fact]
    public void A_row_uses_the_host_memory_when_the_container_is_unlimited()
    {
        var sample = new StatsSampleDto
        {
            ContainerId = new string('a', 64), Name = "web", CpuPercent = 150.456, MemoryWorkingSet = 512 << 20,
            NetworkRxBytes = 1500, NetworkTxBytes = 0, BlockReadBytes = 4_200_000, BlockWriteBytes = 12, Pids = 7,
        };
        Assert.Equal(["aaaaaaaaaaaa", "web", "150.46%", "512MiB / 2GiB", "25.00%", "1.5kB / 0B", "4.2MB / 12B", "7"],
            StatsFormat.Row(sample, hostMemory: 2UL << 30));
        Assert.Equal("512MiB / 1GiB", StatsFormat.Row(sample with { MemoryLimit = 1UL << 30 }, 2UL << 30)[3]);
    }

    [Fact]
    public void Event_lines_sort_attributes_like_docker_events()
    {
        var e = new EventDto
        {
            Time = new DateTimeOffset(2024, 1, 2, 15, 4, 5, 123, TimeSpan.Zero), Type = "container", Action = "die", ActorId = "abc",
            Attributes = new() { ["name"] = "web", ["exitCode"] = "137" },
        };
        Assert.Equal("2024-01-02T15:04:05.123000000Z container die abc (exitCode=137, name=web)", StatsFormat.EventLine(e));
        Assert.Equal("2024-01-02T15:04:05.123000000Z container die abc", StatsFormat.EventLine(e with { Attributes = [] }));
    }

    [Fact]
    public void Event_times_take_durations_unix_seconds_and_rfc3339()
    {
        var now = new DateTimeOffset(2024, 1, 2, 15, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddMinutes(-90), CliTime.Parse("1h30m", now, "--since"));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), CliTime.Parse("1700000000", now, "--since"));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), CliTime.Parse("2024-01-01T00:00:00Z", now, "--since"));
        Assert.Contains("--until", Assert.Throws<CliException>(() => CliTime.Parse("soon", now, "--until")).Message);
    }

    [Fact]
    public void Event_filters_map_to_the_hub_filter_and_bad_ones_are_named()
    {
        var f = StatsCommands.BuildFilter(null, null, ["container=web", "type=container", "event=die", "event=oom"]);
        Assert.Equal(["web"], f.Containers);
        Assert.Equal(["container"], f.Types);
        Assert.Equal(["die", "oom"], f.Actions);
        Assert.Null(f.Since);
        Assert.Contains("label", Assert.Throws<CliException>(() => StatsCommands.BuildFilter(null, null, ["label=x"])).Message);
        Assert.Throws<CliException>(() => StatsCommands.BuildFilter(null, null, ["web"]));
    }
}
