using Dashboard.Engine.Inspection;

namespace Dashboard.Web.Components.Tests.Namespaces;

/// <summary>An inspector whose answers the test sets; counts the reads so tests can see refusals make none.</summary>
internal sealed class FakeNamespaceInspector : INamespaceInspector
{
    private int _inspectCalls, _mapCalls;

    public Func<string, NamespaceReport> OnInspect { get; set; } = _ => NamespaceSamples.Report();
    public Func<NamespaceMap> OnMap { get; set; } = NamespaceSamples.Map;
    public int InspectCalls => Volatile.Read(ref _inspectCalls);
    public int MapCalls => Volatile.Read(ref _mapCalls);
    public string? LastReference { get; private set; }

    public Task<NamespaceReport> InspectAsync(string reference, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inspectCalls);
        LastReference = reference;
        return Task.FromResult(OnInspect(reference));
    }

    public Task<IReadOnlyList<NamespaceProcess>> ProcessesAsync(string reference, CancellationToken cancellationToken) =>
        Task.FromResult(OnInspect(reference).Processes);

    public Task<NamespaceMap> MapAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _mapCalls);
        return Task.FromResult(OnMap());
    }
}

/// <summary>
/// A report for the detail fakes' "web" container: its net namespace shared with "sidecar", the host's user and time
/// namespaces, a three-process tree (sh → sleep → cat), only lo, no routes, two image layers, no IPC objects.
/// </summary>
internal static class NamespaceSamples
{
    public static readonly ContainerRef Web = new(new string('a', 64), "web");
    public static readonly ContainerRef Sidecar = new(new string('c', 64), "sidecar");
    public static readonly ContainerRef HostNet = new(new string('d', 64), "hostnet");
    public const string TopLayer = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    public const string BaseLayer = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    public static NamespaceProcess Process(int pid, int hostPid, int parent, int hostParent, string command, string user = "root") => new()
    {
        HostPid = hostPid,
        ContainerPid = pid,
        HostParentPid = hostParent,
        ContainerParentPid = parent,
        NsPids = [hostPid, pid],
        Uid = 0,
        User = user,
        Command = command,
        State = "S (sleeping)",
        CpuTime = TimeSpan.FromMilliseconds(1230),
        CpuPercent = 0.4,
        RssBytes = 1536 * 1024,
    };

    public static NamespaceReport Report(string hostname = "web-host", IReadOnlyList<string>? warnings = null) => new()
    {
        Container = Web,
        HostPid = 4242,
        CollectedAt = DateTimeOffset.UtcNow,
        Namespaces =
        [
            new(NamespaceType.Pid, 4026532290, false, []),
            new(NamespaceType.Net, 4026532293, false, [Sidecar]),
            new(NamespaceType.Mnt, 4026532288, false, []),
            new(NamespaceType.Uts, 4026532289, false, []),
            new(NamespaceType.Ipc, 4026532291, false, []),
            new(NamespaceType.User, 4026531837, true, [Sidecar, HostNet]),
            new(NamespaceType.Cgroup, 4026532292, false, []),
            new(NamespaceType.Time, 4026531834, true, [Sidecar, HostNet]),
        ],
        // As the inspector lists them: PID 1 first, then by container pid (not as a tree).
        Processes =
        [
            Process(1, 4242, 0, 4200, "sh -c sleep 300 | cat"),
            Process(7, 4300, 1, 4242, "sleep 300", user: "nobody"),
            Process(8, 4301, 1, 4242, "cat"),
            Process(12, 4400, 7, 4300, "[kworker]"),
        ],
        Uts = new UtsView(hostname, "(none)"),
        Network = new NetworkView(
            [new NetInterface(1, "lo", "UNKNOWN", 65536, "00:00:00:00:00:00", ["127.0.0.1/8", "::1/128"])],
            [],
            [new ListeningSocket("tcp", "0.0.0.0", 8080, 98765, 4300)]),
        Mounts = new MountView(
            [
                new MountEntry("/", "overlay", "overlay", "rw,relatime,lowerdir=...", false),
                new MountEntry("/proc/sys", "proc", "proc", "ro,nosuid", true),
            ],
            new OverlayRootView(
                [new OverlayLayer("/var/lib/dashboard/layers/11/diff", TopLayer), new OverlayLayer("/var/lib/dashboard/layers/22/diff", BaseLayer)],
                "/var/lib/dashboard/containers/aaa/upper", "/var/lib/dashboard/containers/aaa/work"),
            ["/proc/kcore", "/proc/keys"],
            ["/proc/sys", "/proc/bus"]),
        Ipc = new IpcView([], [], []),
        User = new UserView([new IdMapRange(0, 0, 4294967295)], [new IdMapRange(0, 0, 4294967295)],
            "00000000a80425fb", ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"], "filter", true),
        Cgroup = new CgroupView("hybrid",
            [new CgroupPath("memory", "/sys/fs/cgroup/memory/dashboard/aaa"), new CgroupPath("pids", "/sys/fs/cgroup/pids/dashboard/aaa")],
            [new CgroupLimitValue("memory.limit_in_bytes", "67108864"), new CgroupLimitValue("pids.max", "64")]),
        Warnings = warnings ?? [],
    };

    /// <summary>web and sidecar share a net namespace; hostnet is in the host's; each has its own uts; all three share
    /// the host's user namespace.</summary>
    public static NamespaceMap Map() => new(DateTimeOffset.UtcNow,
    [
        new(NamespaceType.Net, 4026532293, false, [Web, Sidecar]),
        new(NamespaceType.Net, 4026531840, true, [HostNet]),
        new(NamespaceType.Uts, 4026532289, false, [Web]),
        new(NamespaceType.Uts, 4026532300, false, [Sidecar]),
        new(NamespaceType.Uts, 4026532301, false, [HostNet]),
        new(NamespaceType.User, 4026531837, true, [Web, Sidecar, HostNet]),
    ]);
}
