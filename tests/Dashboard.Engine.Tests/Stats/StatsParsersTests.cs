using System.Text;
using Dashboard.Engine.Stats;

namespace Dashboard.Engine.Tests.Stats;

public sealed class StatsParsersTests
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
    public void Limits_treat_max_minus_one_and_page_counter_max_as_unlimited(string content, ulong? expected) =>
        Assert.Equal(expected, StatsParsers.Limit(B(content)));

    [Fact]
    public void Keyed_lookup_matches_whole_keys_only()
    {
        var stat = B("swap 1\ntotal_swap 2\nuser_usec 3\nuser 4\n");
        Assert.Equal(1UL, StatsParsers.Keyed(stat, "swap"u8));
        Assert.Equal(2UL, StatsParsers.Keyed(stat, "total_swap"u8));
        Assert.Equal(4UL, StatsParsers.Keyed(stat, "user"u8));
        Assert.Equal(3UL, StatsParsers.Keyed(stat, "user_usec"u8));
        Assert.Null(StatsParsers.Keyed(stat, "use"u8));
        Assert.Null(StatsParsers.Keyed([], "swap"u8));
    }

    [Theory]
    [InlineData("0-3,5\n", 5)]
    [InlineData("1\n", 1)]
    [InlineData("0-1", 2)]
    [InlineData("\n", 0)]
    public void Cpuset_sizes(string content, int expected) => Assert.Equal(expected, StatsParsers.CpusetSize(B(content)));

    [Fact]
    public void Blkio_sums_read_and_write_over_devices_and_ignores_totals()
    {
        var (read, write) = StatsParsers.BlkioReadWrite(B("8:0 Read 10\n8:0 Write 20\n8:0 Total 30\n8:16 Read 1\n8:16 Sync 99\nTotal 31\n"));
        Assert.Equal((11UL, 20UL), (read, write));
    }

    [Fact]
    public void Io_stat_sums_every_device()
    {
        var io = StatsParsers.IoStat(B("8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n253:0 rbytes=5 wbytes=5 rios=1 wios=1\n"));
        Assert.Equal(new BlockIoStats(15, 25, 2, 3), io);
    }

    [Fact]
    public void Pressure_reads_some_and_optional_full()
    {
        Assert.Equal(new PressureLine(1.5, 0.5, 100, 50),
            StatsParsers.Pressure(B("some avg10=1.50 avg60=0.00 avg300=0.00 total=100\nfull avg10=0.50 avg60=0.00 avg300=0.00 total=50\n")));
        Assert.Equal(new PressureLine(2.25, null, 7, null), StatsParsers.Pressure(B("some avg10=2.25 avg60=1.00 avg300=0.00 total=7\n")));
        Assert.Null(StatsParsers.Pressure(B("")));
    }

    [Fact]
    public void Proc_stat_sums_user_to_softirq_like_docker_and_counts_cpus()
    {
        var (jiffies, cpus) = StatsParsers.ProcStat(B("cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 1 1 1 1 1 1 1 1 1\ncpu1 0 0 0 0 0 0 0 0 0 0\nintr 5\n"));
        Assert.Equal(28UL, jiffies); // steal, guest, guest_nice excluded
        Assert.Equal(2, cpus);
    }

    [Fact]
    public void Net_dev_lists_every_interface_and_reuses_name_strings()
    {
        var content = B("""
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
              eth0: 5000000    4000    1    2    0     0          0         0   300000    2000    3    4    0     0       0          0
            """);
        var names = new List<string>();
        var first = StatsParsers.NetDev(content, names);
        var second = StatsParsers.NetDev(content, names);

        Assert.Equal(
            [new NetworkInterfaceStats("lo", 100, 1, 0, 0, 100, 1, 0, 0), new NetworkInterfaceStats("eth0", 5000000, 4000, 1, 2, 300000, 2000, 3, 4)],
            first);
        Assert.Same(first[1].Name, second[1].Name);
    }

    [Fact]
    public void Memory_stat_dictionary_reuses_key_strings_and_never_changes_an_earlier_sample()
    {
        string[] keys = [];
        var a = StatsParsers.KeyedAll(B("cache 1\nrss 2\n"), ref keys);
        var b = StatsParsers.KeyedAll(B("cache 3\nrss 4\n"), ref keys);
        var c = StatsParsers.KeyedAll(B("cache 5\nswap 6\nnew_key 7\n"), ref keys);

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
        Assert.Equal([15UL, 10UL], StatsParsers.NumberList(B("15 10 \n")));
        Assert.Empty(StatsParsers.NumberList(B("\n")));
    }
}
