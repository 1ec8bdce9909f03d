using Dashboard.Engine.Images;

namespace Dashboard.Engine.Spec;

/// <summary>
/// Everything <see cref="OciSpecGenerator"/> needs to write a container's config.json. The generator is a pure
/// function of this record: no file system, no clock, no host probing (the caller passes host limits in).
/// </summary>
public sealed record OciSpecInput
{
    public required string ContainerId { get; init; }
    public required ContainerConfig Config { get; init; }
    public required ImageConfig Image { get; init; }
    /// <summary>Absolute path of the mounted overlay root.</summary>
    public required string RootfsPath { get; init; }
    /// <summary>The cgroup path runc gets, e.g. "/dashboard/ID" (relative to each hierarchy's root).</summary>
    public required string CgroupsPath { get; init; }
    /// <summary>Files the engine wrote beside the bundle and bind-mounts into the container, as Docker does for
    /// /etc/hostname, /etc/hosts and /etc/resolv.conf. Keys are container paths, values host paths.</summary>
    public IReadOnlyDictionary<string, string> EtcFiles { get; init; } = new Dictionary<string, string>();
    /// <summary>Host directories of the volumes in <see cref="ContainerConfig.Volumes"/>, by volume name (the engine's
    /// volume service resolves them at start).</summary>
    public IReadOnlyDictionary<string, string> VolumePaths { get; init; } = new Dictionary<string, string>();
    /// <summary>The host's CPU architecture, which decides the seccomp filter's native ABI.</summary>
    public System.Runtime.InteropServices.Architecture HostArchitecture { get; init; } = System.Runtime.InteropServices.Architecture.X64;
    /// <summary>Also allow the 32-bit ABIs (x86/x32, arm) in the seccomp filter; costs start time (see SeccompProfile).</summary>
    public bool SeccompCompatArchitectures { get; init; }
    /// <summary>The host's hard RLIMIT_NOFILE; the container never gets more (this machine: 20000).</summary>
    public ulong HostNofileHardLimit { get; init; } = 1_048_576;
    /// <summary>The host's hard RLIMIT_NPROC, or null when unlimited.</summary>
    public ulong? HostNprocHardLimit { get; init; }
    /// <summary>The user (Config.User, else the image's User) already resolved against the container's rootfs, see
    /// <see cref="PasswdResolver"/>. Needed when the user is a name; when null a numeric "uid[:gid]" is used as is
    /// (gid 0 when absent) and no user at all means root.</summary>
    public ResolvedUser? ResolvedUser { get; init; }
    /// <summary>The namespaces shared with other containers, resolved by the engine at start. Required for every
    /// container:ID mode in <see cref="Config"/>.</summary>
    public NamespaceJoins Joins { get; init; } = NamespaceJoins.None;
    /// <summary>The --device nodes, looked up on the host at start (see <see cref="DeviceNodes"/>).</summary>
    public IReadOnlyList<ResolvedDevice> Devices { get; init; } = [];
    /// <summary>Every device node of the host's /dev, which a privileged container gets.</summary>
    public IReadOnlyList<ResolvedDevice> HostDevices { get; init; } = [];
    /// <summary>The --group-add groups resolved against the container's /etc/group.</summary>
    public IReadOnlyList<uint> ExtraGids { get; init; } = [];
    /// <summary>The host's init binary (tini-static), mounted at /sbin/docker-init for --init.</summary>
    public string? InitPath { get; init; }
    /// <summary>The capabilities the kernel knows: what --privileged and --cap-add ALL give.</summary>
    public IReadOnlyList<string> HostCapabilities { get; init; } = CapabilityNames.All;
    /// <summary>The running kernel (major.minor), for the minKernel conditions of a seccomp profile.</summary>
    public Version KernelVersion { get; init; } = new(6, 1);
    /// <summary>Whether the host has AppArmor; without it no profile is written.</summary>
    public bool AppArmorEnabled { get; init; }
}
