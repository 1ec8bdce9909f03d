using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Configuration;

/// <summary>
/// What the host's kernel and file system offer for the create options that depend on them: NUMA nodes
/// (--cpuset-mems), a block I/O weight file (--blkio-weight), AppArmor and SELinux (--security-opt), an init binary
/// (--init) and the capabilities the kernel knows (--privileged, --cap-add ALL). Read once at start.
/// </summary>
public sealed record HostFeatures
{
    /// <summary>A host without any of the optional features (unit tests).</summary>
    public static readonly HostFeatures None = new();

    public string MemoryNodes { get; init; } = "0";
    public bool BlkioWeight { get; init; }
    public bool AppArmor { get; init; }
    public bool Selinux { get; init; }
    public string? InitPath { get; init; }
    public IReadOnlyList<string> Capabilities { get; init; } = CapabilityNames.All;
    /// <summary>The lowest --oom-score-adj the daemon can give: its own value when it lacks CAP_SYS_RESOURCE (lowering
    /// needs it), else null (any).</summary>
    public int? OomScoreAdjMin { get; init; }

    public static HostFeatures Probe(CgroupLayout cgroups, string? configuredInitPath)
    {
        string Read(string path, string fallback)
        {
            try { return File.Exists(path) ? File.ReadAllText(path).Trim() : fallback; }
            catch (IOException) { return fallback; }
            catch (UnauthorizedAccessException) { return fallback; }
        }
        var nodes = Read("/sys/devices/system/node/online", "0");
        return new HostFeatures
        {
            MemoryNodes = nodes.Length == 0 ? "0" : nodes,
            BlkioWeight = BlkioWeightFile(cgroups) is not null,
            AppArmor = Read("/sys/module/apparmor/parameters/enabled", "N").StartsWith('Y'),
            Selinux = File.Exists("/sys/fs/selinux/enforce"),
            InitPath = FindInit(configuredInitPath),
            Capabilities = CapabilityNames.Available(),
            OomScoreAdjMin = OwnOomScoreAdjMin(),
        };
    }

    private static int? OwnOomScoreAdjMin()
    {
        try
        {
            var effective = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
            var mask = effective is null ? 0 : Convert.ToUInt64(effective["CapEff:".Length..].Trim(), 16);
            const int CapSysResource = 24;
            if ((mask & (1UL << CapSysResource)) != 0) return null;
            return int.Parse(File.ReadAllText("/proc/self/oom_score_adj").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or FormatException or OverflowException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The weight file runc writes for --blkio-weight, or null (<see cref="CgroupLayout.BlkioWeightFile"/>).</summary>
    public static string? BlkioWeightFile(CgroupLayout cgroups) => cgroups.BlkioWeightFile();

    /// <summary>The configured path, else tini-static or docker-init on PATH or in the usual places.</summary>
    public static string? FindInit(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in new[] { "tini-static", "docker-init" })
        {
            foreach (var dir in path.Concat(["/usr/bin", "/usr/local/bin", "/usr/libexec/docker"]))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
