using Dashboard.Cli;
using Dashboard.Cli.Commands;
using Dashboard.Cli.Formatting;
using Dashboard.Contracts.Namespaces;

namespace Dashboard.Cli.Tests;

public sealed class NamespaceFormatTests
{
    private static readonly ContainerRefDto Web = new(new string('a', 64), "web");
    private static readonly ContainerRefDto Sidecar = new(new string('c', 64), "sidecar");

    private static NamespaceReportDto Report() => new()
    {
        Container = Web,
        HostPid = 8941,
        CollectedAt = DateTimeOffset.UnixEpoch,
        Namespaces = new Dictionary<string, NamespaceIdentityDto>
        {
            ["pid"] = new(4026532100, false, []),
            ["net"] = new(4026532101, false, [Sidecar]),
            ["user"] = new(4026531837, true, [Sidecar]),
        },
        Processes =
        [
            new NamespaceProcessDto { HostPid = 8941, ContainerPid = 1, HostParentPid = 8930, NsPids = [8941, 1], Pid1 = true, User = "root",
                Command = "sh -c sleep 300", State = "S (sleeping)", CpuSeconds = 3725.4, CpuPercent = 0.94, RssBytes = 1700 * 1024 },
            new NamespaceProcessDto { HostPid = 8950, ContainerPid = 7, HostParentPid = 8941, ContainerParentPid = 1, NsPids = [8950, 7],
                User = "app", Command = "nc -l -p 8080", State = "Z (zombie)" },
        ],
        Uts = new UtsDto("web-1", "(none)"),
        Network = new NetworkDto(
            [new NetInterfaceDto(1, "lo", "UNKNOWN", 65536, null, ["LOOPBACK", "UP", "LOWER_UP"], ["127.0.0.1/8", "::1/128"])],
            [],
            [new ListeningSocketDto("tcp6", "::", 8080, 2164941, 8950), new ListeningSocketDto("unix", "@abstract", 0, 7, null)]),
        Mounts = new MountsDto(
            [new MountDto("/", "overlay", "overlay", "rw,relatime", false), new MountDto("/proc/sys", "proc", "proc", "ro,nosuid", true)],
            new OverlayRootDto([new OverlayLayerDto("/l/bb/diff", "sha256:bb"), new OverlayLayerDto("/l/aa/diff", null)], "/c/upper", "/c/work"),
            ["/proc/keys"], ["/proc/sys"]),
        Ipc = new IpcDto([new SharedMemoryDto(-1, 5, "0600", 8192, 1, 0)], [], []),
        User = new UserDto([new IdMapDto(0, 0, 4294967295)], [], "00000000a80425fb", ["CAP_CHOWN", "CAP_KILL"], "filter", true),
        Cgroup = new CgroupDto("hybrid", [new CgroupPathDto("cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct/dashboard/a"), new CgroupPathDto("", "/sys/fs/cgroup/unified/dashboard/a")],
            [new CgroupLimitDto("pids.max", "max")]),
        Warnings = ["ipc: entering failed"],
    };

    private static string[] Lines(Action<TextWriter> write)
    {
        var text = new StringWriter();
        write(text);
        return text.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
    }

    private static string[] SectionOf(string[] lines, string heading) =>
        lines.SkipWhile(l => l != heading).Skip(1).TakeWhile(l => l.Length > 0).ToArray();

    [Fact]
    public void The_report_names_the_container_and_puts_warnings_first()
    {
        var lines = Lines(o => NamespaceFormat.WriteReport(o, Report()));

        Assert.Equal("Container web (aaaaaaaaaaaa), init host pid 8941", lines[0]);
        Assert.Equal("WARNING: ipc: entering failed", lines[1]);
        string[] headings = ["NAMESPACES", "PID", "UTS", "NETWORK", "MOUNT", "IPC", "USER", "CGROUP (hybrid)"];
        var at = headings.Select(h => Array.IndexOf(lines, h)).ToList();
        Assert.DoesNotContain(-1, at);
        Assert.Equal(at.Order(), at); // in the order the issue lists the aspects
        Assert.All(at, i => Assert.Equal("", lines[i - 1])); // each set off by a blank line
    }

    [Fact]
    public void Namespaces_show_inode_host_and_sharers_by_name()
    {
        var table = SectionOf(Lines(o => NamespaceFormat.WriteReport(o, Report())), "NAMESPACES");

        Assert.Matches(@"^TYPE\s+INODE\s+HOST\s+SHARED WITH$", table[0]);
        Assert.Matches(@"^pid\s+4026532100\s+no\s+-$", table[1]);
        Assert.Matches(@"^net\s+4026532101\s+no\s+sidecar$", table[2]);
        Assert.Matches(@"^user\s+4026531837\s+yes\s+sidecar$", table[3]);
    }

    [Fact]
    public void The_pid_table_puts_container_and_host_pids_side_by_side_like_ps()
    {
        var table = SectionOf(Lines(o => NamespaceFormat.WriteReport(o, Report())), "PID");

        Assert.Matches(@"^PID\s+HOST PID\s+PPID\s+HOST PPID\s+USER\s+STATE\s+%CPU\s+TIME\s+RSS\s+COMMAND$", table[0]);
        Assert.Matches(@"^1\s+8941\s+0\s+8930\s+root\s+S\s+0\.9\s+01:02:05\s+1\.66MiB\s+sh -c sleep 300$", table[1]);
        Assert.Matches(@"^7\s+8950\s+1\s+8941\s+app\s+Z\s+0\.0\s+00:00:00\s+0B\s+nc -l -p 8080$", table[2]);
    }

    [Fact]
    public void Network_mount_ipc_user_and_cgroup_sections_read_like_their_tools()
    {
        var lines = Lines(o => NamespaceFormat.WriteReport(o, Report()));
        var network = SectionOf(lines, "NETWORK");
        Assert.Matches(@"^1\s+lo\s+UNKNOWN\s+65536\s+-\s+LOOPBACK,UP,LOWER_UP\s+127\.0\.0\.1/8, ::1/128$", network[1]);
        var all = string.Join('\n', lines);
        Assert.Contains("  no routes", all);
        Assert.Matches(@"tcp6\s+\[::\]:8080\s+2164941\s+8950", all);
        Assert.Matches(@"unix\s+@abstract\s+7\s+-", all);
        Assert.Matches(@"1 \(top\)\s+sha256:bb\s+/l/bb/diff", all);
        Assert.Matches(@"2\s+-\s+/l/aa/diff", all);
        Assert.Matches(@"writable\s+-\s+/c/upper", all);
        Assert.Matches(@"Masked paths\s+/proc/keys", all);
        Assert.Matches(@"/proc/sys\s+proc\s+proc\s+ro\s+ro,nosuid", all);
        Assert.Matches(@"0xffffffff\s+5\s+0600\s+8192\s+1\s+0", all);
        Assert.Contains("Semaphores:\n  (none)", all);
        Assert.Matches(@"UID map\s+0 -> 0 \(4294967295\)", all);
        Assert.Matches(@"GID map\s+-", all);
        Assert.Matches(@"Capabilities\s+00000000a80425fb \(2 effective\)\n  CAP_CHOWN\n  CAP_KILL\n", all);
        Assert.Matches(@"No new privileges\s+yes", all);
        Assert.Matches(@"-\s+/sys/fs/cgroup/unified/dashboard/a", all);
        Assert.Matches(@"pids\.max\s+max", all);
    }

    [Fact]
    public void The_map_is_one_row_per_namespace_marking_host_and_shared_ones()
    {
        var map = new NamespaceMapDto
        {
            CollectedAt = DateTimeOffset.UnixEpoch,
            Namespaces = new Dictionary<string, IReadOnlyList<NamespaceGroupDto>>
            {
                ["pid"] = [new(1, false, false, [Web]), new(2, false, false, [Sidecar])],
                ["net"] = [new(3, false, true, [Sidecar, Web])],
                ["user"] = [new(4, true, true, [Sidecar, Web])],
            },
        };

        var lines = Lines(o => NamespaceFormat.WriteMap(o, map));

        Assert.Matches(@"^TYPE\s+INODE\s+SHARING\s+CONTAINERS$", lines[0]);
        Assert.Matches(@"^pid\s+1\s+-\s+web$", lines[1]);
        Assert.Matches(@"^net\s+3\s+shared\s+sidecar, web$", lines[3]);
        Assert.Matches(@"^user\s+4\s+host\s+sidecar, web$", lines[4]);
    }

    [Theory]
    [InlineData(new[] { "ns" }, true)]
    [InlineData(new[] { "ns", "web" }, true)]
    [InlineData(new[] { "ns", "web", "--json" }, true)]
    [InlineData(new[] { "ns", "--json" }, true)]
    [InlineData(new[] { "ns", "a", "b" }, false)]
    public void The_command_takes_at_most_one_container_and_json(string[] args, bool valid)
    {
        var root = Dashctl.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, _ => null));
        Assert.Equal(valid, root.Parse(args).Errors.Count == 0);
    }
}
