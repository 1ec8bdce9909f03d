namespace Dashboard.Engine.Spec.Oci;

/// <summary>The <c>linux</c> section: namespaces, cgroup resources, seccomp, masked and read-only paths.</summary>
internal static class LinuxBuilder
{
    public static OciLinux Build(OciSpecInput input) => new(
        Resources(input.Config.Resources),
        input.CgroupsPath,
        Namespaces(input.Config, input.Joins),
        SeccompProfile.Create(SeccompProfile.ArchitecturesFor(input.HostArchitecture, input.SeccompCompatArchitectures)),
        LinuxDefaults.MaskedPaths,
        LinuxDefaults.ReadonlyPaths);

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
                namespaces.Add(new(type));
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

    private static OciResources Resources(ResourceLimits limits)
    {
        OciMemory? memory = limits.MemoryBytes is null && limits.MemorySwapBytes is null
            ? null
            : new OciMemory(limits.MemoryBytes, limits.MemorySwapBytes);
        OciCpu? cpu = limits.CpuShares is null && limits.CpuQuota is null && limits.CpuPeriod is null && limits.CpusetCpus is null
            ? null
            : new OciCpu((ulong?)limits.CpuShares, limits.CpuQuota, (ulong?)limits.CpuPeriod, limits.CpusetCpus);
        OciPids? pids = limits.PidsLimit is { } p ? new OciPids(p) : null;
        return new OciResources(LinuxDefaults.Devices, memory, cpu, pids);
    }
}
