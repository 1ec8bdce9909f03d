using Dashboard.Engine.Inspection;
using Dashboard.Engine.Inspection.Proc;
using Dashboard.Engine.Tests.Images;

namespace Dashboard.Engine.Tests.Inspection;

public sealed class ProcParserTests
{
    [Fact]
    public void Status_takes_the_effective_uid_the_innermost_pid_and_rss_in_bytes()
    {
        var status = ProcStatus.Parse("Name:\tnc\nState:\tS (sleeping)\nPid:\t1001\nPPid:\t1000\nUid:\t1000\t33\t33\t33\n"
            + "NSpid:\t1001\t40\t7\nVmRSS:\t     900 kB\nCapEff:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\ngarbage line\n");

        Assert.Equal(("nc", "S (sleeping)", 1001, 1000, 33), (status.Name, status.State, status.Pid, status.ParentPid, status.EffectiveUid));
        Assert.Equal([1001, 40, 7], status.NsPids);
        Assert.Equal(900 * 1024, status.RssBytes);
        Assert.Equal((0, false), (status.Seccomp, status.NoNewPrivileges));
    }

    [Fact]
    public void Status_without_NSpid_falls_back_to_the_pid_as_seen_here()
    {
        Assert.Equal([42], ProcStatus.Parse("Pid:\t42\n").NsPids);
    }

    [Fact]
    public void A_uid_beyond_int_range_or_missing_never_reads_as_root()
    {
        Assert.Equal(4294967294, ProcStatus.Parse("Uid:\t4294967294\t4294967294\t4294967294\t4294967294\n").EffectiveUid);
        Assert.Equal(-1, ProcStatus.Parse("Pid:\t42\n").EffectiveUid);
        Assert.Equal(-1, ProcStatus.Parse("Uid:\tgarbage\tgarbage\n").EffectiveUid);
    }

    [Theory]
    [InlineData("7 (sleep) S 1 7 7 0 -1 0 0 0 0 0 30 20 0 0 20 0 1 0 500 0 0", "sleep")]
    [InlineData("7 (a) b) c) S 1 7 7 0 -1 0 0 0 0 0 30 20 0 0 20 0 1 0 500 0 0", "a) b) c")]
    [InlineData("7 (with space) R 1 7 7 0 -1 0 0 0 0 0 30 20 0 0 20 0 1 0 500 0 0", "with space")]
    public void Stat_counts_fields_after_the_last_parenthesis(string line, string comm)
    {
        var stat = ProcStat.TryParse(line)!;

        Assert.Equal(new ProcStat(comm, 30, 20, 500), stat);
        Assert.Equal(TimeSpan.FromSeconds(0.5), stat.CpuTime(100));
        // 0.5 s of CPU over (10 - 5) s of life.
        Assert.Equal(10.0, stat.CpuPercent(uptimeSeconds: 10, ticksPerSecond: 100));
    }

    [Fact]
    public void Stat_that_is_cut_short_does_not_parse_and_a_process_not_yet_started_has_no_cpu_percent()
    {
        Assert.Null(ProcStat.TryParse("7 (sh) S 1 7"));
        Assert.Null(ProcStat.TryParse(""));
        Assert.Equal(0, new ProcStat("x", 10, 0, 1000).CpuPercent(uptimeSeconds: 5, ticksPerSecond: 100));
        Assert.Equal(123.45, ProcStat.ParseUptime("123.45 99.0\n"));
        Assert.Null(ProcStat.ParseUptime(null));
    }

    [Fact]
    public void Dockers_default_capability_mask_decodes_to_its_14_names()
    {
        Assert.Equal(
            ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
             "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT", "CAP_MKNOD", "CAP_AUDIT_WRITE", "CAP_SETFCAP"],
            Capabilities.Decode("00000000a80425fb"));
        Assert.Equal(Dashboard.Engine.Spec.Oci.LinuxDefaults.Capabilities.Order(), Capabilities.Decode("00000000a80425fb").Order());
    }

    [Fact]
    public void Capability_bits_beyond_the_table_are_named_by_number_and_garbage_is_no_capabilities()
    {
        Assert.Equal(["CAP_CHECKPOINT_RESTORE", "CAP_41"], Capabilities.Decode("0000030000000000"));
        Assert.Empty(Capabilities.Decode("0000000000000000"));
        Assert.Empty(Capabilities.Decode("zz"));
    }

    [Fact]
    public void Id_maps_parse_and_translate_host_ids_into_the_namespace()
    {
        var map = IdMaps.Parse("         0     100000      65536\n     65536          0          1\nbad line\n");

        Assert.Equal([new IdMapRange(0, 100000, 65536), new IdMapRange(65536, 0, 1)], map);
        Assert.Equal(0, IdMaps.ToInside(map, 100000));
        Assert.Equal(1000, IdMaps.ToInside(map, 101000));
        Assert.Equal(65536, IdMaps.ToInside(map, 0));
        Assert.Null(IdMaps.ToInside(map, 99999));
    }

    [Fact]
    public void Passwd_names_take_the_first_entry_per_uid_and_skip_comments()
    {
        var names = PasswdNames.Parse("root:x:0:0::/root:/bin/sh\n#x:x:1:1\ntoor:x:0:0::/:/bin/sh\nweb:x:33:33::/:/bin/false\nbroken\n");

        Assert.Equal(new Dictionary<long, string> { [0] = "root", [33] = "web" }, names);
    }

    [Fact]
    public void Passwd_is_read_inside_the_containers_root_even_through_an_absolute_symlink()
    {
        using var proc = new TempDir();
        var root = proc.Sub("77/root");
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        File.WriteAllText(Path.Combine(root, "data", "passwd"), "inside:x:5:5::/:/bin/sh\n");
        // Absolute: resolved against the container's root, never the daemon's /data/passwd.
        File.CreateSymbolicLink(Path.Combine(root, "etc", "passwd"), "/data/passwd");

        Assert.Equal("inside", PasswdNames.Read(proc.Path, 77)[5]);
        Assert.Empty(PasswdNames.Read(proc.Path, 78));
    }

    [Fact]
    public void Namespace_and_socket_links_parse_only_with_their_own_prefix()
    {
        Assert.Equal(4026531833UL, ProcFs.ParseBracketedInode("net:[4026531833]", "net"));
        Assert.Equal(12UL, ProcFs.ParseBracketedInode("socket:[12]", "socket"));
        Assert.Null(ProcFs.ParseBracketedInode("pipe:[12]", "socket"));
        Assert.Null(ProcFs.ParseBracketedInode("net:[x]", "net"));
        Assert.Null(ProcFs.ParseBracketedInode(null, "net"));
    }

    [Fact]
    public void Command_joins_argv_and_falls_back_to_comm_in_brackets()
    {
        Assert.Equal("sleep 300", ProcessTableReader.Command("sleep\u0000300\u0000", "sleep"));
        Assert.Equal("a  b", ProcessTableReader.Command("a\u0000\u0000b\u0000", "a")); // an empty argument stays visible
        Assert.Equal("[kworker]", ProcessTableReader.Command("", "kworker"));
    }
}
