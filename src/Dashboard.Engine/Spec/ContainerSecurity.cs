namespace Dashboard.Engine.Spec;

/// <summary>
/// The security options of a container (docker --privileged, --cap-add, --cap-drop, --read-only, --security-opt),
/// validated. The defaults are the engine's hardening: Docker's 14 capabilities, the built-in seccomp filter and
/// no_new_privileges.
/// </summary>
public sealed record ContainerSecurity
{
    /// <summary>The value of <see cref="Seccomp"/> that turns the filter off.</summary>
    public const string Unconfined = "unconfined";

    public bool Privileged { get; init; }
    /// <summary>Normalised: "CAP_NET_ADMIN" or "ALL", in the order given.</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];
    /// <summary>Normalised: "CAP_NET_RAW" or "ALL", in the order given.</summary>
    public IReadOnlyList<string> CapDrop { get; init; } = [];
    public bool ReadonlyRootfs { get; init; }
    /// <summary>The --security-opt entries as given, for inspect.</summary>
    public IReadOnlyList<string> SecurityOpt { get; init; } = [];
    /// <summary>An explicit no-new-privileges[=true|false]; null means the engine's default (on, off when privileged).</summary>
    public bool? NoNewPrivileges { get; init; }
    /// <summary>null: the built-in filter; "unconfined": none; otherwise a Docker-format profile (JSON).</summary>
    public string? Seccomp { get; init; }
    /// <summary>An AppArmor profile name; only given to the runtime when the host has AppArmor.</summary>
    public string? AppArmorProfile { get; init; }
}

/// <summary>One --ulimit: Docker's name ("nofile"), soft and hard; -1 is unlimited.</summary>
public sealed record Ulimit(string Name, long Soft, long Hard);

/// <summary>One --tmpfs: the container path and the mount options as given ("rw,size=64m", or "").</summary>
public sealed record TmpfsMount(string Destination, string Options);

/// <summary>One --device: the host node (or directory of nodes), where it appears, and the cgroup access ("rwm").</summary>
public sealed record DeviceMapping(string PathOnHost, string PathInContainer, string CgroupPermissions);

public enum MountKind { Bind, Tmpfs }

/// <summary>One --mount of type bind or tmpfs, validated (Docker's mount.Mount, minus what is refused).</summary>
public sealed record MountSpec
{
    public required MountKind Type { get; init; }
    /// <summary>Absolute host path (bind); null for tmpfs.</summary>
    public string? Source { get; init; }
    public required string Target { get; init; }
    public bool ReadOnly { get; init; }
    /// <summary>bind: private, rprivate (null, the default), shared, rshared, slave or rslave.</summary>
    public string? Propagation { get; init; }
    /// <summary>bind: bind-recursive=disabled (a plain bind: submounts of the source are not carried over).</summary>
    public bool NonRecursive { get; init; }
    /// <summary>bind: bind-create-src, create the source directory when it does not exist.</summary>
    public bool CreateSource { get; init; }
    /// <summary>tmpfs: size in bytes; null means the kernel's default (half of RAM).</summary>
    public long? TmpfsSizeBytes { get; init; }
    /// <summary>tmpfs: the mode of its root, e.g. octal 1770; null means 1777.</summary>
    public uint? TmpfsMode { get; init; }
}
