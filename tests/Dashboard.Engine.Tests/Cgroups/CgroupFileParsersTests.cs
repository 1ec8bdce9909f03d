using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Tests.Cgroups;

public sealed class CgroupFileParsersTests
{
    [Theory]
    [InlineData("209715200\n", 209715200L)]
    [InlineData("-1\n", null)]
    [InlineData("9223372036854771712\n", null)]
    [InlineData("9223372036854775807", null)]
    [InlineData("", null)]
    [InlineData("junk", null)]
    public void V1_limits_treat_minus_one_and_page_counter_max_as_unlimited(string content, long? expected) =>
        Assert.Equal(expected, CgroupFileParsers.ParseV1Limit(content));

    [Theory]
    [InlineData("max\n", null)]
    [InlineData("100\n", 100L)]
    [InlineData(" 4096 ", 4096L)]
    [InlineData(null, null)]
    public void Max_files_read_max_as_unlimited(string? content, long? expected) =>
        Assert.Equal(expected, CgroupFileParsers.ParseMax(content));

    [Theory]
    [InlineData("25000 100000\n", 25000L, 100000L)]
    [InlineData("max 100000\n", null, 100000L)]
    [InlineData("", null, null)]
    public void Cpu_max_splits_quota_and_period(string content, long? quota, long? period) =>
        Assert.Equal((quota, period), CgroupFileParsers.ParseCpuMax(content));

    [Fact]
    public void Flat_keyed_files_skip_malformed_lines()
    {
        var values = CgroupFileParsers.ParseFlatKeyed("low 0\nhigh 5\nbroken\nmax x\noom_kill 3\n");

        Assert.Equal(3, values.Count);
        Assert.Equal(5, values["high"]);
        Assert.Equal(3, values["oom_kill"]);
    }

    [Fact]
    public void Oom_kill_counter_is_read_from_v1_oom_control_and_v2_memory_events()
    {
        var v1 = File.ReadAllText(Path.Combine(CgroupFixtures.V1Root, "memory/dashboard/c1/memory.oom_control"));
        var v2 = File.ReadAllText(Path.Combine(CgroupFixtures.V2Root, "dashboard/c1/memory.events"));

        Assert.Equal(2, CgroupFileParsers.ParseOomKillCount(v1));
        Assert.Equal(3, CgroupFileParsers.ParseOomKillCount(v2));
        Assert.Null(CgroupFileParsers.ParseOomKillCount("oom_kill_disable 0\nunder_oom 1\n"));
    }
}
