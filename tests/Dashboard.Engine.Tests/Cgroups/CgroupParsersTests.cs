using System.Text;
using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Tests.Cgroups;

/// <summary>The one parser family over cgroup files (<see cref="CgroupParsers"/>): every "unlimited" the kernel
/// writes reads as null, malformed input as zero/null.</summary>
public sealed class CgroupParsersTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Theory]
    [InlineData("max\n", null)]
    [InlineData("-1\n", null)]
    [InlineData("9223372036854771712\n", null)] // v1 "unlimited" on 4 KiB pages
    [InlineData("9223372036854710272\n", null)] // ... and on 64 KiB pages
    [InlineData("33554432\n", 33554432UL)]
    [InlineData("", null)]
    [InlineData("garbage", null)]
    public void Limits_treat_max_minus_one_and_page_counter_max_as_unlimited_on_both_versions(string content, ulong? expected) =>
        Assert.Equal(expected, CgroupParsers.Limit(B(content)));

    [Fact]
    public void Keyed_lookup_matches_whole_keys_only()
    {
        var stat = B("swap 1\ntotal_swap 2\nuser_usec 3\nuser 4\n");
        Assert.Equal(1UL, CgroupParsers.Keyed(stat, "swap"u8));
        Assert.Equal(2UL, CgroupParsers.Keyed(stat, "total_swap"u8));
        Assert.Equal(4UL, CgroupParsers.Keyed(stat, "user"u8));
        Assert.Equal(3UL, CgroupParsers.Keyed(stat, "user_usec"u8));
        Assert.Null(CgroupParsers.Keyed(stat, "use"u8));
        Assert.Null(CgroupParsers.Keyed([], "swap"u8));
    }

    [Theory]
    [InlineData("0-3,5\n", 5)]
    [InlineData("1\n", 1)]
    [InlineData("0-1", 2)]
    [InlineData("\n", 0)]
    public void Cpuset_sizes(string content, int expected) => Assert.Equal(expected, CgroupParsers.CpusetSize(B(content)));

    [Fact]
    public void Blkio_sums_read_and_write_over_devices_and_ignores_totals()
    {
        var (read, write) = CgroupParsers.BlkioReadWrite(B("8:0 Read 10\n8:0 Write 20\n8:0 Total 30\n8:16 Read 1\n8:16 Sync 99\nTotal 31\n"));
        Assert.Equal((11UL, 20UL), (read, write));
    }

    [Fact]
    public void Io_stat_sums_every_device()
    {
        var io = CgroupParsers.IoStat(B("8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n253:0 rbytes=5 wbytes=5 rios=1 wios=1\n"));
        Assert.Equal((15UL, 25UL, 2UL, 3UL), io);
    }

    [Fact]
    public void Pressure_reads_some_and_optional_full()
    {
        Assert.Equal(new PsiLine(1.5, 0.5, 100, 50),
            CgroupParsers.Pressure(B("some avg10=1.50 avg60=0.00 avg300=0.00 total=100\nfull avg10=0.50 avg60=0.00 avg300=0.00 total=50\n")));
        Assert.Equal(new PsiLine(2.25, null, 7, null), CgroupParsers.Pressure(B("some avg10=2.25 avg60=1.00 avg300=0.00 total=7\n")));
        Assert.Null(CgroupParsers.Pressure(B("")));
    }



    [Fact]
    public void Memory_stat_dictionary_reuses_key_strings_and_never_changes_an_earlier_sample()
    {
        string[] keys = [];
        var a = CgroupParsers.KeyedAll(B("cache 1\nrss 2\n"), ref keys);
        var b = CgroupParsers.KeyedAll(B("cache 3\nrss 4\n"), ref keys);
        var c = CgroupParsers.KeyedAll(B("cache 5\nswap 6\nnew_key 7\n"), ref keys);

        Assert.Equal(2UL, a["rss"]);
        Assert.Equal(4UL, b["rss"]);
        Assert.Same(a.Keys.First(), b.Keys.First());
        Assert.Equal(["cache", "rss"], a.Keys);  // the key change in c copied the key array first
        Assert.Equal(new Dictionary<string, ulong> { ["cache"] = 5, ["swap"] = 6, ["new_key"] = 7 }, c.ToDictionary());
        Assert.False(c.ContainsKey("rss"));
        Assert.Throws<KeyNotFoundException>(() => c["rss"]);
        Assert.Equal(3, c.Count);
    }

    [Fact]
    public void Per_cpu_usage_is_a_list_of_numbers()
    {
        Assert.Equal([15UL, 10UL], CgroupParsers.NumberList(B("15 10 \n")));
        Assert.Empty(CgroupParsers.NumberList(B("\n")));
    }

    [Theory]
    [InlineData("209715200\n", 209715200UL)]
    [InlineData("-1\n", null)]
    [InlineData("9223372036854771712\n", null)]
    [InlineData("9223372036854775807", null)]
    [InlineData("", null)]
    [InlineData("junk", null)]
    public void V1_limits_treat_minus_one_and_page_counter_max_as_unlimited(string content, ulong? expected) =>
        Assert.Equal(expected, CgroupParsers.Limit(B(content)));

    [Theory]
    [InlineData("max\n", null)]
    [InlineData("100\n", 100UL)]
    [InlineData(" 4096 ", 4096UL)]
    public void Max_files_read_max_as_unlimited(string content, ulong? expected) =>
        Assert.Equal(expected, CgroupParsers.Limit(B(content)));

    [Theory]
    [InlineData("25000 100000\n", 25000UL, 100000UL)]
    [InlineData("max 100000\n", null, 100000UL)]
    [InlineData("", null, null)]
    public void Cpu_max_splits_quota_and_period(string content, ulong? quota, ulong? period) =>
        Assert.Equal((quota, period), CgroupParsers.CpuMax(B(content)));

    [Fact]
    public void Flat_keyed_files_skip_malformed_lines()
    {
        var content = B("low 0\nhigh 5\nbroken\nmax x\noom_kill 3\n");

        Assert.Equal(0UL, CgroupParsers.Keyed(content, "low"u8));
        Assert.Equal(5UL, CgroupParsers.Keyed(content, "high"u8));
        Assert.Equal(3UL, CgroupParsers.Keyed(content, "oom_kill"u8));
        Assert.Null(CgroupParsers.Keyed(content, "broken"u8));
        Assert.Null(CgroupParsers.Keyed(content, "max"u8));
    }

    [Fact]
    public void Oom_kill_counter_is_read_from_v1_oom_control_and_v2_memory_events()
    {
        var v1 = File.ReadAllBytes(Path.Combine(CgroupFixtures.V1Root, "memory/dashboard/c1/memory.oom_control"));
        var v2 = File.ReadAllBytes(Path.Combine(CgroupFixtures.V2Root, "dashboard/c1/memory.events"));

        Assert.Equal(2UL, CgroupParsers.OomKillCount(v1));
        Assert.Equal(3UL, CgroupParsers.OomKillCount(v2));
        Assert.Null(CgroupParsers.OomKillCount(B("oom_kill_disable 0\nunder_oom 1\n")));
    }
}
