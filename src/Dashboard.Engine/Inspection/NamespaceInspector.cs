using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Engine.Inspection.Entering;
using Dashboard.Engine.Inspection.Mounts;
using Dashboard.Engine.Inspection.Network;
using Dashboard.Engine.Inspection.Proc;
using Dashboard.Engine.Inspection.Sections;

namespace Dashboard.Engine.Inspection;

/// <summary>
/// Reads a running container's isolation from the kernel: /proc/PID (namespace links, status, mountinfo, id maps,
/// net tables), its cgroup files, and, for what procfs only answers from inside (UTS names, SysV IPC, interfaces),
/// a dedicated thread that enters the namespace. Stateless; safe to call concurrently.
/// </summary>
public sealed class NamespaceInspector : INamespaceInspector
{
    private readonly IContainerEngine _engine;
    private readonly IImageService _images;
    private readonly Func<string, string> _bundleDirectory;
    private readonly string _procRoot;
    private readonly INamespaceEntry _entry;
    private readonly Func<IReadOnlyList<NetInterface>> _readInterfaces;
    private readonly long _ticksPerSecond;
    private readonly CgroupSection _cgroups;
    private readonly NamespaceIdentities _identities;

    /// <param name="bundleDirectory">Container id to its bundle directory (where config.json is).</param>
    public NamespaceInspector(IContainerEngine engine, IImageService images, CgroupLayout layout, string cgroupParent,
        Func<string, string> bundleDirectory)
        : this(engine, images, layout, cgroupParent, bundleDirectory, ProcFs.DefaultRoot, new NamespaceThread(ProcFs.DefaultRoot),
            RouteNetlink.ReadInterfaces, NamespaceNative.ClockTicksPerSecond())
    {
    }

    /// <summary>For tests: a fixture proc root, and namespace entry and interface listing that need no privileges.</summary>
    internal NamespaceInspector(IContainerEngine engine, IImageService images, CgroupLayout layout, string cgroupParent,
        Func<string, string> bundleDirectory, string procRoot, INamespaceEntry entry,
        Func<IReadOnlyList<NetInterface>> readInterfaces, long ticksPerSecond)
    {
        _engine = engine;
        _images = images;
        _bundleDirectory = bundleDirectory;
        _procRoot = procRoot;
        _entry = entry;
        _readInterfaces = readInterfaces;
        _ticksPerSecond = ticksPerSecond;
        _cgroups = new CgroupSection(layout, cgroupParent);
        _identities = new NamespaceIdentities(procRoot);
    }

    public async Task<NamespaceReport> InspectAsync(string reference, CancellationToken cancellationToken)
    {
        var record = _engine.Get(reference);
        var pid = RunningPid(record);
        var inodes = _identities.Of(pid);
        var statusText = ProcFs.TryRead(Path.Combine(ProcFs.PidDir(_procRoot, pid), "status"));
        if (inodes.Count == 0 || statusText is null) throw Exited(record);
        cancellationToken.ThrowIfCancellationRequested();

        var warnings = new WarningList();
        var container = new ContainerRef(record.Id, record.Name);
        var running = _identities.Running(_engine.List());
        var namespaces = NamespaceIdentities.Describe(record.Id, inodes, _identities.Host(), running);

        var cgroup = _cgroups.For(record.Id);
        var pidDir = ProcFs.PidDir(_procRoot, pid);
        var uidMap = IdMaps.Parse(ProcFs.TryRead(Path.Combine(pidDir, "uid_map")));
        var gidMap = IdMaps.Parse(ProcFs.TryRead(Path.Combine(pidDir, "gid_map")));
        var processes = ReadProcesses(cgroup, pid, uidMap, warnings);

        // The three reads from inside run at once, each on its own thread.
        var uts = InsideAsync(pid, NamespaceType.Uts, () => InsideReaders.Uts(_procRoot), new UtsView("", ""), warnings);
        var ipc = InsideAsync(pid, NamespaceType.Ipc, () => InsideReaders.Ipc(_procRoot), new IpcView([], [], []), warnings);
        var network = new NetworkSection(_procRoot, _entry, _readInterfaces)
            .ReadAsync(pid, processes.Select(p => p.HostPid).ToList(), warnings);
        var mounts = ReadMounts(record, pidDir, warnings);
        var user = UserSection.Read(ProcStatus.Parse(statusText), uidMap, gidMap);
        var cgroupView = _cgroups.Read(cgroup);

        return new NamespaceReport
        {
            Container = container,
            HostPid = pid,
            CollectedAt = DateTimeOffset.UtcNow,
            Namespaces = namespaces,
            Processes = processes,
            Uts = await uts,
            Network = await network,
            Mounts = mounts,
            Ipc = await ipc,
            User = user,
            Cgroup = cgroupView,
            Warnings = warnings.ToList(),
        };
    }

    public Task<IReadOnlyList<NamespaceProcess>> ProcessesAsync(string reference, CancellationToken cancellationToken)
    {
        var record = _engine.Get(reference);
        var pid = RunningPid(record, Listing);
        var uidMap = IdMaps.Parse(ProcFs.TryRead(Path.Combine(ProcFs.PidDir(_procRoot, pid), "uid_map")));
        var processes = ReadProcesses(_cgroups.For(record.Id), pid, uidMap, new WarningList());
        // Init gone between the state check and the read: the container is exiting, not running.
        if (!processes.Any(p => p.HostPid == pid)) throw Exited(record, Listing);
        return Task.FromResult(processes);
    }

    private IReadOnlyList<NamespaceProcess> ReadProcesses(ContainerCgroup cgroup, int pid, IReadOnlyList<IdMapRange> uidMap, WarningList warnings)
    {
        var members = _cgroups.Members(cgroup);
        if (members.Count == 0) warnings.Add("processes: the container's cgroup.procs could not be read; only its init is listed");
        return new ProcessTableReader(_procRoot, _ticksPerSecond).Read(members.Append(pid), pid, uidMap, PasswdNames.Read(_procRoot, pid));
    }

    public Task<NamespaceMap> MapAsync(CancellationToken cancellationToken)
    {
        var running = _identities.Running(_engine.List());
        return Task.FromResult(new NamespaceMap(DateTimeOffset.UtcNow, NamespaceIdentities.Group(_identities.Host(), running)));
    }

    private const string Inspecting = "inspect the namespaces of", Listing = "list the processes of";

    private static int RunningPid(ContainerRecord record, string attempted = Inspecting)
    {
        if (record.State.Status.IsAlive() && record.State.Pid is { } pid and > 0) return pid;
        throw new InvalidContainerStateException(record.Id, record.State.Status.DockerName(), attempted);
    }

    private static InvalidContainerStateException Exited(ContainerRecord record, string attempted = Inspecting) =>
        new(record.Id, "exited (its process is gone)", attempted);

    private async Task<T> InsideAsync<T>(int pid, string type, Func<T> read, T empty, WarningList warnings)
    {
        try
        {
            return await _entry.RunAsync(pid, type, read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"{type}: {ex.Message}");
            return empty;
        }
    }

    private MountView ReadMounts(ContainerRecord record, string pidDir, WarningList warnings)
    {
        var mountInfo = ProcFs.TryRead(Path.Combine(pidDir, "mountinfo"));
        if (mountInfo is null)
        {
            warnings.Add("mnt: /proc/PID/mountinfo could not be read");
            return new MountView([], null, [], []);
        }
        var hardening = HardenedPaths.FromBundle(Path.Combine(_bundleDirectory(record.Id), "config.json"));
        return MountTableReader.Read(mountInfo, LayerDigests(), hardening);
    }

    /// <summary>Every image layer directory of the store to its diff id (layers are shared between images).</summary>
    private Dictionary<string, string> LayerDigests()
    {
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var image in _images.List())
        {
            var paths = _images.LayerPaths(image);
            for (var i = 0; i < Math.Min(paths.Count, image.Layers.Count); i++)
                digests.TryAdd(OverlayRoot.Normalize(paths[i]), image.Layers[i]);
        }
        return digests;
    }
}
