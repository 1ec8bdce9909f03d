using System.Globalization;

namespace Dashboard.Engine.Cgroups;

/// <summary>
/// The cgroup directories of one container (its OCI cgroupsPath, e.g. "/dashboard/ID") under a detected layout.
/// Paths are only computed, never created: runc creates the cgroups. Construction refuses any path outside the
/// configured parent, so <see cref="Remove"/> can never rmdir someone else's cgroup.
/// </summary>
public sealed class ContainerCgroup
{
    private readonly CgroupLayout _layout;
    private readonly string _parent;

    /// <param name="layout">The host (or fixture) layout.</param>
    /// <param name="cgroupsPath">The container's cgroupsPath, "/PARENT/NAME".</param>
    /// <param name="parent">The engine's cgroup parent ("dashboard"); the path must lie strictly below it.</param>
    public ContainerCgroup(CgroupLayout layout, string cgroupsPath, string parent)
    {
        _layout = layout;
        _parent = "/" + parent.Trim('/');
        CgroupsPath = Validate(cgroupsPath, _parent);
    }

    /// <summary>The cgroup of container <paramref name="containerId"/>: "/PARENT/ID", as the engine gives runc.</summary>
    public static ContainerCgroup Of(CgroupLayout layout, string parent, string containerId) =>
        new(layout, PathOf(parent, containerId), parent);

    /// <summary>The OCI cgroupsPath of a container: "/PARENT/ID".</summary>
    public static string PathOf(string parent, string containerId) => $"/{parent.Trim('/')}/{containerId}";

    public string CgroupsPath { get; }
    public CgroupMode Mode => _layout.Mode;

    /// <summary>
    /// The directory holding <paramref name="controller"/>'s files for this container: on v2 the single unified dir,
    /// on v1/hybrid the controller's hierarchy plus the cgroups path; null when that controller is not mounted.
    /// </summary>
    public string? DirectoryFor(string controller)
    {
        if (_layout.Mode == CgroupMode.V2) return Under(_layout.Root);
        var mount = _layout.MountOf(controller);
        return mount is null ? null : Under(mount);
    }

    public string? MemoryDir => DirectoryFor("memory");
    public string? CpuDir => DirectoryFor("cpu");
    public string? CpuacctDir => DirectoryFor("cpuacct");
    public string? PidsDir => DirectoryFor("pids");
    public string? FreezerDir => DirectoryFor("freezer");
    public string? BlkioDir => DirectoryFor("blkio");
    public string? CpusetDir => DirectoryFor("cpuset");

    /// <summary>On v2 the container's dir; on hybrid the dir runc also makes in the cgroup2 "unified" hierarchy.</summary>
    public string? UnifiedDir => _layout.UnifiedPath is null ? null : Under(_layout.UnifiedPath);

    /// <summary>Every distinct directory this container may own, across all hierarchies (deduplicated).</summary>
    public IReadOnlyList<string> AllDirectories()
    {
        var dirs = new List<string>();
        foreach (var mount in _layout.Controllers.Values.Distinct(StringComparer.Ordinal)) dirs.Add(Under(mount));
        if (UnifiedDir is { } unified && !dirs.Contains(unified)) dirs.Add(unified);
        return dirs;
    }

    /// <summary>The names of the directories below <paramref name="parent"/> in any hierarchy: the container ids that
    /// have a cgroup somewhere. Read at start to find cgroups a crash left behind.</summary>
    public static IReadOnlySet<string> ChildrenOf(CgroupLayout layout, string parent)
    {
        var mounts = layout.Controllers.Values.Append(layout.UnifiedPath ?? layout.Root).Distinct(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mount in mounts)
        {
            var dir = mount.TrimEnd('/') + "/" + parent.Trim('/');
            if (!Directory.Exists(dir)) continue;
            foreach (var child in Directory.EnumerateDirectories(dir)) names.Add(Path.GetFileName(child));
        }
        return names;
    }

    /// <summary>Every pid in this container's cgroups (cgroup.procs of each hierarchy).</summary>
    public IReadOnlySet<int> Processes()
    {
        var pids = new HashSet<int>();
        foreach (var dir in AllDirectories()) pids.UnionWith(ParsePids(ReadText(dir, CgroupFiles.Procs)));
        return pids;
    }

    /// <summary>The pids of the container's cgroup as one hierarchy sees them (the pids one on v1, else memory, cpu or
    /// the unified dir), in the kernel's order; empty when the cgroup is gone.</summary>
    public IReadOnlyList<int> Members() =>
        ParsePids(ReadText(PidsDir ?? MemoryDir ?? CpuDir ?? UnifiedDir, CgroupFiles.Procs));

    /// <summary>The controllers of the container's unified (v2) cgroup, space separated as the kernel lists them; null
    /// when it has none.</summary>
    public string? UnifiedControllers() => ReadText(UnifiedDir, CgroupFiles.Controllers)?.Trim();

    /// <summary>The oom_kill counter of the container's memory cgroup (v1 memory.oom_control, v2 memory.events): how
    /// many processes the kernel OOM-killed in it; 0 when it cannot be read.</summary>
    public long ReadOomKillCount() =>
        (long)(CgroupParsers.OomKillCount(ReadBytes(MemoryDir, _layout.Mode == CgroupMode.V2 ? CgroupFiles.V2.MemoryEvents : CgroupFiles.V1.OomControl)) ?? 0);

    /// <summary>The current content of each limit file the container's cgroup has, as the kernel writes it (trimmed),
    /// for the namespace inspector; <see cref="CgroupLimitFile.Describe"/> says what a value means.</summary>
    public IReadOnlyList<(string File, string Value)> ReadLimitFiles()
    {
        var files = _layout.Mode == CgroupMode.V2
            ? CgroupLimitFile.V2.Select(f => (Dir: UnifiedDir, File: f))
            : CgroupLimitFile.V1.Select(l => (Dir: DirectoryFor(l.Controller), l.File));
        return files
            .Select(f => (f.File, Value: ReadText(f.Dir, f.File)?.Trim()))
            .Where(f => f.Value is not null)
            .Select(f => (f.File, f.Value!))
            .ToList();
    }

    /// <summary>Thaws the cgroup if it is frozen (v1 freezer.state, v2 cgroup.freeze), so that its processes can die.</summary>
    public void Thaw()
    {
        TryWrite(FreezerDir, CgroupFiles.V1.FreezerState, "THAWED");
        if (_layout.Mode == CgroupMode.V2) TryWrite(Under(_layout.Root), CgroupFiles.V2.Freeze, "0");
    }

    private static void TryWrite(string? dir, string file, string value)
    {
        if (dir is null || !File.Exists(Path.Combine(dir, file))) return;
        try { File.WriteAllText(Path.Combine(dir, file), value); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Reads the limit files; absent files give null fields.</summary>
    public CgroupLimits ReadLimits() => _layout.Mode == CgroupMode.V2 ? ReadV2() : ReadV1();

    /// <summary>
    /// Fallback cleanup when runc delete did not remove the cgroups: rmdir (never recursive) each directory. Missing
    /// directories count as removed. Returns the directories that could not be removed (busy: processes remain).
    /// </summary>
    public IReadOnlyList<string> Remove()
    {
        var failed = new List<string>();
        foreach (var dir in AllDirectories())
        {
            try
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: false);
            }
            catch (DirectoryNotFoundException)
            {
            }
            catch (IOException)
            {
                failed.Add(dir);
            }
            catch (UnauthorizedAccessException)
            {
                failed.Add(dir);
            }
        }
        return failed;
    }

    private CgroupLimits ReadV1()
    {
        var cpu = CpuDir;
        var memory = MemoryDir;
        return new CgroupLimits
        {
            Mode = _layout.Mode,
            CpuQuota = CgroupParsers.Signed(ReadBytes(cpu, CgroupFiles.V1.CpuQuota)),
            CpuPeriod = Signed(CgroupParsers.Number(ReadBytes(cpu, CgroupFiles.V1.CpuPeriod))),
            CpuShares = Signed(CgroupParsers.Number(ReadBytes(cpu, CgroupFiles.V1.CpuShares))),
            CpusetCpus = ReadText(CpusetDir, CgroupFiles.CpusetCpus)?.Trim(),
            MemoryLimitBytes = Signed(CgroupParsers.Limit(ReadBytes(memory, CgroupFiles.V1.MemoryLimit))),
            MemorySwapLimitBytes = Signed(CgroupParsers.Limit(ReadBytes(memory, CgroupFiles.V1.MemorySwapLimit))),
            PidsLimit = Signed(CgroupParsers.Limit(ReadBytes(PidsDir, CgroupFiles.PidsMax))),
        };
    }

    private CgroupLimits ReadV2()
    {
        var dir = Under(_layout.Root);
        var (quota, period) = CgroupParsers.CpuMax(ReadBytes(dir, CgroupFiles.V2.CpuMax));
        return new CgroupLimits
        {
            Mode = CgroupMode.V2,
            CpuQuota = Signed(quota),
            CpuPeriod = Signed(period),
            CpuWeight = Signed(CgroupParsers.Number(ReadBytes(dir, CgroupFiles.V2.CpuWeight))),
            CpusetCpus = ReadText(dir, CgroupFiles.CpusetCpus)?.Trim(),
            MemoryLimitBytes = Signed(CgroupParsers.Limit(ReadBytes(dir, CgroupFiles.V2.MemoryMax))),
            MemorySwapLimitBytes = Signed(CgroupParsers.Limit(ReadBytes(dir, CgroupFiles.V2.MemorySwapMax))),
            PidsLimit = Signed(CgroupParsers.Limit(ReadBytes(dir, CgroupFiles.PidsMax))),
        };
    }

    private string Under(string mount) => mount.TrimEnd('/') + CgroupsPath;

    private static long? Signed(ulong? value) => value is { } v && v <= long.MaxValue ? (long)v : null;

    private static IReadOnlyList<int> ParsePids(string? content) =>
        (content ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => int.TryParse(l.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .ToList();

    private static byte[] ReadBytes(string? dir, string file)
    {
        if (dir is null) return [];
        try
        {
            return File.ReadAllBytes(Path.Combine(dir, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? ReadText(string? dir, string file)
    {
        if (dir is null) return null;
        try
        {
            return File.ReadAllText(Path.Combine(dir, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Validate(string cgroupsPath, string parent)
    {
        var path = "/" + cgroupsPath.Trim().TrimStart('/');
        var segments = path.Split('/')[1..];
        if (segments.Any(s => s.Length == 0 || s == "." || s == ".."))
            throw new ArgumentException($"cgroupsPath \"{cgroupsPath}\" must be an absolute path without empty, '.' or '..' segments.", nameof(cgroupsPath));
        if (!path.StartsWith(parent + "/", StringComparison.Ordinal) || path.Length <= parent.Length + 1)
            throw new ArgumentException($"cgroupsPath \"{cgroupsPath}\" is not below the engine's cgroup parent \"{parent}\".", nameof(cgroupsPath));
        return path.TrimEnd('/');
    }
}
