using Dashboard.Engine.Inspection;
using Dashboard.Engine.Inspection.Ipc;
using Dashboard.Engine.Inspection.Network;

namespace Dashboard.Engine.Tests.Inspection;

public sealed class NetParserTests
{
    [Fact]
    public void Ipv6_routes_of_a_real_host_keep_the_main_table_and_drop_local_and_reject_entries()
    {
        // Captured from this project's CI host (/proc/net/ipv6_route).
        const string content = """
            fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0
            00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
            """;

        Assert.Equal(
        [
            new NetRoute("inet6", "fd00::/64", null, "eth0", 256),
            new NetRoute("inet6", "default", "fd00::1", "eth0", 1024),
        ], ProcNetParsers.Ipv6Routes(content));
    }

    [Fact]
    public void Ipv4_tcp_addresses_are_native_endian_hex_and_only_listeners_count()
    {
        const string content = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 19 1 0000000003da1b6e 100 0 0 10 0
               1: 0100007F:A8DB 0100007F:EC46 01 00000000:00000000 00:00000000 00000000     0        0 20 1 00000000d1d0ca57 20 4 32 13 -1
            """;

        Assert.Equal([new ListeningSocket("tcp", "127.0.0.1", 8080, 19, null)], ProcNetParsers.InetSockets(content, "tcp"));
    }

    [Fact]
    public void Ipv6_socket_addresses_are_four_native_endian_words()
    {
        const string content = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31 1 0 100 0 0 10 0
               1: 0000000000000000FFFF00000100007F:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 32 1 0 100 0 0 10 0
            """;

        Assert.Equal(["::1", "::ffff:127.0.0.1"], ProcNetParsers.InetSockets(content, "tcp6").Select(s => s.LocalAddress));
    }

    [Fact]
    public void Udp_counts_bound_unconnected_sockets_as_listening()
    {
        const string content = """
               sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
              123: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 41 2 0 0
              124: 0100007F:0035 0200007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 42 2 0 0
            """;

        Assert.Equal([new ListeningSocket("udp", "0.0.0.0", 5353, 41, null)], ProcNetParsers.InetSockets(content, "udp"));
    }

    [Fact]
    public void Missing_tables_and_garbage_give_nothing()
    {
        Assert.Empty(ProcNetParsers.Ipv4Routes(null));
        Assert.Empty(ProcNetParsers.InetSockets("header\nnot a socket line at all\n", "tcp"));
        Assert.Empty(ProcNetParsers.UnixSockets(""));
    }

    [Fact]
    public void Sysv_ipc_tables_parse_their_columns_and_skip_the_header()
    {
        const string shm = "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n"
            + "  -1234567          9   600                  4096    10     0      1   100   100   100   100          0          0 1700000000                     0                     0\n";
        Assert.Equal([new SharedMemorySegment(-1234567, 9, "0600", 4096, 1, 100)], SysvIpcParsers.SharedMemory(shm));
        Assert.Empty(SysvIpcParsers.Semaphores("       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"));
        Assert.Empty(SysvIpcParsers.MessageQueues(null));
    }
}
