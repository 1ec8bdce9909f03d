using System.Text;
using Dashboard.Engine.Stats;

namespace Dashboard.Engine.Tests.Stats;

public sealed class ProcParsersTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void Proc_stat_sums_user_to_softirq_like_docker_and_counts_cpus()
    {
        var (jiffies, cpus) = ProcParsers.ProcStat(B("cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 1 1 1 1 1 1 1 1 1\ncpu1 0 0 0 0 0 0 0 0 0 0\nintr 5\n"));
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
        var first = ProcParsers.NetDev(content, names);
        var second = ProcParsers.NetDev(content, names);

        Assert.Equal(
            [new NetworkInterfaceStats("lo", 100, 1, 0, 0, 100, 1, 0, 0), new NetworkInterfaceStats("eth0", 5000000, 4000, 1, 2, 300000, 2000, 3, 4)],
            first);
        Assert.Same(first[1].Name, second[1].Name);
    }
}
