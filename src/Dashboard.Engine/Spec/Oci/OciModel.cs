namespace Dashboard.Engine.Spec.Oci;

// The subset of the OCI runtime spec 1.0.2 (config.json) the engine writes. Positional records keep the JSON
// property order equal to the declaration order, so the serialised output is deterministic and golden-testable.
// Property names are camelCased by the serializer; null members are omitted.

/// <summary>The root of config.json.</summary>
public sealed record OciSpec(
    string OciVersion, OciProcess Process, OciRoot Root, string? Hostname, IReadOnlyList<OciMount> Mounts, OciLinux Linux);

public sealed record OciProcess(
    bool Terminal,
    OciUser User,
    IReadOnlyList<string> Args,
    IReadOnlyList<string> Env,
    string Cwd,
    OciCapabilities Capabilities,
    IReadOnlyList<OciRlimit> Rlimits,
    bool NoNewPrivileges,
    int OomScoreAdj,
    string? ApparmorProfile = null,
    OciConsoleSize? ConsoleSize = null);

/// <summary>process.consoleSize: the terminal's size when the runtime creates it (only with terminal: true).</summary>
public sealed record OciConsoleSize(uint Height, uint Width);

public sealed record OciUser(uint Uid, uint Gid, IReadOnlyList<uint>? AdditionalGids);

/// <summary>Effective and permitted are null for a non-root user, as Docker does (execve would clear them anyway).</summary>
public sealed record OciCapabilities(
    IReadOnlyList<string> Bounding, IReadOnlyList<string>? Effective, IReadOnlyList<string>? Permitted);

public sealed record OciRlimit(string Type, ulong Hard, ulong Soft);

public sealed record OciRoot(string Path, bool Readonly);

public sealed record OciMount(string Destination, string Type, string Source, IReadOnlyList<string>? Options);

/// <summary>Seccomp is null without a filter (--privileged, seccomp=unconfined); the path lists are null for a
/// privileged container. Devices, sysctls and the root's propagation appear only when set.</summary>
public sealed record OciLinux(
    OciResources Resources,
    string CgroupsPath,
    IReadOnlyList<OciNamespace> Namespaces,
    OciSeccomp? Seccomp,
    IReadOnlyList<string>? MaskedPaths,
    IReadOnlyList<string>? ReadonlyPaths,
    IReadOnlyList<OciDevice>? Devices = null,
    IReadOnlyDictionary<string, string>? Sysctl = null,
    string? RootfsPropagation = null);

/// <summary>A device node runc creates in the container (type "c" or "b").</summary>
public sealed record OciDevice(string Path, string Type, long Major, long Minor, uint? FileMode, uint? Uid, uint? Gid);

/// <summary>A namespace runc creates, or with <paramref name="Path"/> (/proc/PID/ns/TYPE) one it joins.</summary>
public sealed record OciNamespace(string Type, string? Path = null);

/// <summary>Only the groups that are set appear; devices is always there (deny all, then the default allow-list).</summary>
public sealed record OciResources(
    IReadOnlyList<OciDeviceCgroup> Devices, OciMemory? Memory, OciCpu? Cpu, OciPids? Pids, OciBlockIo? BlockIO = null);

public sealed record OciBlockIo(ushort Weight);

public sealed record OciDeviceCgroup(bool Allow, string? Type, long? Major, long? Minor, string Access);

public sealed record OciMemory(long? Limit, long? Swap);

public sealed record OciCpu(ulong? Shares, long? Quota, ulong? Period, string? Cpus, string? Mems = null);

public sealed record OciPids(long Limit);

public sealed record OciSeccomp(
    string DefaultAction, uint? DefaultErrnoRet, IReadOnlyList<string> Architectures, IReadOnlyList<OciSyscall> Syscalls,
    IReadOnlyList<string>? Flags = null);

public sealed record OciSyscall(IReadOnlyList<string> Names, string Action, uint? ErrnoRet, IReadOnlyList<OciSyscallArg>? Args);

public sealed record OciSyscallArg(uint Index, ulong Value, ulong? ValueTwo, string Op);
