namespace Dashboard.Engine.Spec.Oci;

/// <summary>The <c>linux</c> section: namespaces, cgroup resources, devices, seccomp, masked and read-only paths,
/// sysctls. A privileged container gets the host's devices, every device allowed, no seccomp and no masked paths.</summary>
internal static class LinuxBuilder
{
    public static OciLinux Build(OciSpecInput input, IReadOnlyList<string> capabilities, string? rootfsPropagation)
    {
        var config = input.Config;
        var privileged = config.Security.Privileged;
        return new OciLinux(
            Resources(config.Resources, DeviceRules(input)),
            input.CgroupsPath,
            Namespaces(config, input.Joins),
            Seccomp(input, capabilities),
            privileged ? null : LinuxDefaults.MaskedPaths,
            privileged ? null : LinuxDefaults.ReadonlyPaths,
            Devices(input),
            config.Sysctls.Count == 0 ? null : new SortedDictionary<string, string>(config.Sysctls.ToDictionary(), StringComparer.Ordinal),
            rootfsPropagation);
    }

    private static OciSeccomp? Seccomp(OciSpecInput input, IReadOnlyList<string> capabilities)
    {
        var security = input.Config.Security;
        if (security.Privileged || security.Seccomp == ContainerSecurity.Unconfined) return null;
        if (security.Seccomp is { } json)
        {
            if (!DockerSeccompProfile.TryParse(json, out var profile, out var error))
                throw new ValidationException("security-opt", $"--security-opt seccomp: {error}");
            return SeccompTranslator.Translate(profile, input.HostArchitecture, capabilities, input.KernelVersion);
        }
        return SeccompProfile.Create(SeccompProfile.ArchitecturesFor(input.HostArchitecture, input.SeccompCompatArchitectures), capabilities);
    }

    /// <summary>The nodes runc creates: a privileged container's are the host's (a --device with its own container
    /// path is added too, as moby does); otherwise the --device ones.</summary>
    private static List<OciDevice>? Devices(OciSpecInput input)
    {
        IEnumerable<ResolvedDevice> devices = input.Config.Security.Privileged
            ? input.HostDevices.Concat(input.Devices.Where(d => input.HostDevices.All(h => h.Path != d.Path)))
            : input.Devices;
        var list = devices.Select(d => new OciDevice(d.Path, d.Type, d.Major, d.Minor, d.FileMode, d.Uid, d.Gid)).ToList();
        return list.Count == 0 ? null : list;
    }

    /// <summary>Deny all, then the default allow-list and each --device's access; privileged: allow everything.</summary>
    private static IReadOnlyList<OciDeviceCgroup> DeviceRules(OciSpecInput input)
    {
        if (input.Config.Security.Privileged) return [new OciDeviceCgroup(true, null, null, null, "rwm")];
        if (input.Devices.Count == 0) return LinuxDefaults.Devices;
        return [.. LinuxDefaults.Devices, .. input.Devices.Select(d => new OciDeviceCgroup(true, d.Type, d.Major, d.Minor, d.Permissions))];
    }

    /// <summary>
    /// Docker's namespaces in runc's order. A host mode leaves the namespace out (the container stays in the host's);
    /// a container mode gives runc the target's /proc/PID/ns path to join. Host networking shares the host's UTS
    /// namespace too, as does --uts host; a container on another's network keeps a UTS namespace of its own (moby).
    /// </summary>
    public static List<OciNamespace> Namespaces(ContainerConfig config, NamespaceJoins joins)
    {
        var namespaces = new List<OciNamespace>();
        void Add(string type, NamespaceMode mode, int? targetPid, string procName)
        {
            if (mode.IsHost) return;
            if (!mode.IsContainer)
            {
                namespaces.Add(type == "network" && joins.NetworkNamespacePath is { } path ? new(type, path) : new(type));
                return;
            }
            if (targetPid is not { } pid || pid <= 0)
                throw new ArgumentException($"the {type} namespace joins container {mode.ContainerId} but no target pid was resolved", nameof(joins));
            namespaces.Add(new(type, $"/proc/{pid}/ns/{procName}"));
        }

        Add("pid", config.PidMode, joins.PidTargetPid, "pid");
        Add("ipc", config.IpcMode, joins.IpcTargetPid, "ipc");
        if (!ContainerHostname.SharesHostUts(config)) namespaces.Add(new("uts"));
        namespaces.Add(new("mount"));
        Add("network", config.NetworkMode, joins.NetworkTargetPid, "net");
        namespaces.Add(new("cgroup"));
        return namespaces;
    }

    private static OciResources Resources(ResourceLimits limits, IReadOnlyList<OciDeviceCgroup> devices)
    {
        OciMemory? memory = limits.MemoryBytes is null && limits.MemorySwapBytes is null
            ? null
            : new OciMemory(limits.MemoryBytes, limits.MemorySwapBytes);
        OciCpu? cpu = limits.CpuShares is null && limits.CpuQuota is null && limits.CpuPeriod is null && limits.CpusetCpus is null
            && limits.CpusetMems is null
            ? null
            : new OciCpu((ulong?)limits.CpuShares, limits.CpuQuota, (ulong?)limits.CpuPeriod, limits.CpusetCpus, limits.CpusetMems);
        OciPids? pids = limits.PidsLimit is { } p ? new OciPids(p) : null;
        OciBlockIo? blockIo = limits.BlkioWeight is { } w ? new OciBlockIo((ushort)w) : null;
        return new OciResources(devices, memory, cpu, pids, blockIo);
    }
}
