using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Inspection;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>
/// A namespace inspector over the fake engine: the engine's own rules decide 404 (unknown reference) and 409 (not
/// running); running containers get a fixed, fully populated report in which every running container shares one
/// net namespace, so sharedWith lists the others.
/// </summary>
public sealed class FakeNamespaceInspector(IContainerEngine engine) : INamespaceInspector
{
    public const ulong NetInode = 4026532300;
    public const ulong HostUserInode = 4026531837;

    public Task<NamespaceReport> InspectAsync(string reference, CancellationToken cancellationToken)
    {
        var record = engine.Get(reference);
        if (!record.State.Status.IsAlive() || record.State.Pid is not { } pid)
            throw new InvalidContainerStateException(record.Id, record.State.Status.DockerName(), "inspect the namespaces of");
        var others = Running().Where(r => r.Id != record.Id).Select(Ref).ToList();
        return Task.FromResult(Report(Ref(record), pid, others));
    }

    public async Task<IReadOnlyList<NamespaceProcess>> ProcessesAsync(string reference, CancellationToken cancellationToken) =>
        (await InspectAsync(reference, cancellationToken)).Processes;

    public Task<NamespaceMap> MapAsync(CancellationToken cancellationToken)
    {
        var running = Running().ToList();
        var groups = new List<NamespaceGroup>();
        if (running.Count > 0)
        {
            groups.AddRange(running.Select(r => new NamespaceGroup(NamespaceType.Pid, PidInode(r.State.Pid!.Value), false, [Ref(r)])));
            groups.Add(new NamespaceGroup(NamespaceType.Net, NetInode, false, running.Select(Ref).ToList()));
            groups.Add(new NamespaceGroup(NamespaceType.User, HostUserInode, true, running.Select(Ref).ToList()));
        }
        return Task.FromResult(new NamespaceMap(DateTimeOffset.UtcNow, groups));
    }

    private IEnumerable<ContainerRecord> Running() =>
        engine.List().Where(r => r.State.Status.IsAlive() && r.State.Pid is not null).OrderBy(r => r.Name, StringComparer.Ordinal);

    private static ContainerRef Ref(ContainerRecord r) => new(r.Id, r.Name);

    private static ulong PidInode(int pid) => 4026532000 + (ulong)pid;

    public static NamespaceReport Report(ContainerRef container, int pid, IReadOnlyList<ContainerRef> sharingNet) => new()
    {
        Container = container,
        HostPid = pid,
        CollectedAt = DateTimeOffset.UtcNow,
        Namespaces =
        [
            new(NamespaceType.Pid, PidInode(pid), false, []),
            new(NamespaceType.Net, NetInode, false, sharingNet),
            new(NamespaceType.Mnt, 4026532301, false, []),
            new(NamespaceType.Uts, 4026532302, false, []),
            new(NamespaceType.Ipc, 4026532303, false, []),
            new(NamespaceType.User, HostUserInode, true, sharingNet),
            new(NamespaceType.Cgroup, 4026532304, false, []),
        ],
        Processes =
        [
            new NamespaceProcess
            {
                HostPid = pid, ContainerPid = 1, HostParentPid = pid - 5, ContainerParentPid = 0, NsPids = [pid, 1], Uid = 0,
                User = "root", Command = "sh -c nc -l -p 8080 & sleep 300", State = "S (sleeping)",
                CpuTime = TimeSpan.FromSeconds(2), CpuPercent = 0.9, RssBytes = 1700 * 1024,
            },
            new NamespaceProcess
            {
                HostPid = pid + 1, ContainerPid = 7, HostParentPid = pid, ContainerParentPid = 1, NsPids = [pid + 1, 7], Uid = 1000,
                User = "app", Command = "nc -l -p 8080", State = "S (sleeping)",
                CpuTime = TimeSpan.Zero, CpuPercent = 0, RssBytes = 900 * 1024,
            },
        ],
        Uts = new UtsView("web-1", "(none)"),
        Network = new NetworkView(
            [new NetInterface(1, "lo", "UNKNOWN", 65536, null, ["127.0.0.1/8", "::1/128"]) { Flags = ["LOOPBACK", "UP", "LOWER_UP"] }],
            [new NetRoute("inet", "default", "172.17.0.1", "eth0", 0)],
            [new ListeningSocket("tcp6", "::", 8080, 2164941, pid + 1), new ListeningSocket("unix", "/run/app.sock", 0, 3000001, null)]),
        Mounts = new MountView(
            [new MountEntry("/", "overlay", "overlay", "rw,relatime", false), new MountEntry("/proc/sys", "proc", "proc", "ro,nosuid", true)],
            new OverlayRootView(
                [new OverlayLayer("/var/lib/dashboard/image/layers/bb/diff", "sha256:" + new string('b', 64)),
                 new OverlayLayer("/var/lib/dashboard/image/layers/aa/diff", "sha256:" + new string('a', 64))],
                "/var/lib/dashboard/containers/c/upper", "/var/lib/dashboard/containers/c/work"),
            ["/proc/keys", "/sys/firmware"],
            ["/proc/sys"]),
        Ipc = new IpcView([new SharedMemorySegment(222638644, 5, "0600", 8192, 1, 0)], [], []),
        User = new UserView([new IdMapRange(0, 0, 4294967295)], [new IdMapRange(0, 0, 4294967295)], "00000000a80425fb",
            ["CAP_CHOWN", "CAP_KILL"], "filter", true),
        Cgroup = new CgroupView("hybrid", [new CgroupPath("memory", "/sys/fs/cgroup/memory/dashboard/c")],
            [new CgroupLimitValue("memory.limit_in_bytes", "209715200"), new CgroupLimitValue("pids.max", "max")]),
        Warnings = ["ipc: example warning"],
    };
}
