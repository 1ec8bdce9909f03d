namespace Dashboard.Engine.Spec.Oci;

/// <summary>The <c>linux</c> section: namespaces, cgroup resources, seccomp, masked and read-only paths.</summary>
internal static class LinuxBuilder
{
    public static OciLinux Build(OciSpecInput input) => new(
        Resources(input.Config.Resources),
        input.CgroupsPath,
        Namespaces(input.Config.NetworkMode),
        SeccompProfile.Create(SeccompProfile.ArchitecturesFor(input.HostArchitecture, input.SeccompCompatArchitectures)),
        LinuxDefaults.MaskedPaths,
        LinuxDefaults.ReadonlyPaths);

    /// <summary>All of Docker's namespaces; host networking shares the host's network and UTS namespaces.</summary>
    public static List<OciNamespace> Namespaces(NetworkMode network)
    {
        List<OciNamespace> namespaces = [new("pid"), new("ipc")];
        if (network != NetworkMode.Host) namespaces.Add(new("uts"));
        namespaces.Add(new("mount"));
        if (network != NetworkMode.Host) namespaces.Add(new("network"));
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
