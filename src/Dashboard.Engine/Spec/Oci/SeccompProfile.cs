namespace Dashboard.Engine.Spec.Oci;

/// <summary>
/// The default seccomp filter: deny with EPERM unless allowed, like Docker's default profile. Docker's profile also
/// allows some system calls only to a container whose bounding set holds a capability (mount and unshare with
/// CAP_SYS_ADMIN, ptrace-like calls with CAP_SYS_PTRACE, ...): those rules are added from <see cref="CapabilityGated"/>
/// for the capabilities the container has, so --cap-add SYS_ADMIN works as it does with Docker.
/// </summary>
internal static class SeccompProfile
{
    private const uint EPERM = 1;
    private const uint ENOSYS = 38;
    private const uint AF_VSOCK = 40;

    /// <summary>CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET: clone may not create namespaces.</summary>
    private const ulong CloneNamespaceFlags = 0x7E020000;

    /// <summary>
    /// The architectures a filter covers for a host architecture. Each one multiplies the filter runc compiles on
    /// every start (measured with runc 1.1.5: native only 45 ms, with the 32-bit ABIs 67 ms, five 89 ms), so by
    /// default only the native ABI is allowed and a 32-bit system call is refused by the filter (the process is
    /// killed); <paramref name="withCompat"/> adds the 32-bit ABIs, as Docker's profile does.
    /// </summary>
    public static IReadOnlyList<string> ArchitecturesFor(System.Runtime.InteropServices.Architecture host, bool withCompat) => host switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => withCompat ? ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"] : ["SCMP_ARCH_AARCH64"],
        _ => withCompat ? ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"] : ["SCMP_ARCH_X86_64"],
    };

    /// <summary>Docker's capability-gated rules (moby profiles/seccomp/default.json, "includes": {"caps": [...]}).</summary>
    private static readonly (string Capability, string[] Names)[] CapabilityGated =
    [
        ("CAP_DAC_READ_SEARCH", ["open_by_handle_at"]),
        ("CAP_SYS_ADMIN", ["bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick",
            "lookup_dcookie", "mount", "mount_setattr", "move_mount", "open_tree", "perf_event_open", "quotactl",
            "quotactl_fd", "setdomainname", "sethostname", "setns", "syslog", "umount", "umount2", "unshare"]),
        ("CAP_SYS_BOOT", ["reboot"]),
        ("CAP_SYS_MODULE", ["delete_module", "init_module", "finit_module"]),
        ("CAP_SYS_PACCT", ["acct"]),
        ("CAP_SYS_PTRACE", ["kcmp", "pidfd_getfd", "process_madvise"]),
        ("CAP_SYS_RAWIO", ["iopl", "ioperm"]),
        ("CAP_SYS_TIME", ["settimeofday", "stime", "clock_settime", "clock_settime64"]),
        ("CAP_SYS_TTY_CONFIG", ["vhangup"]),
        ("CAP_SYS_NICE", ["get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"]),
        ("CAP_SYSLOG", ["syslog"]),
        ("CAP_BPF", ["bpf"]),
        ("CAP_PERFMON", ["perf_event_open"]),
    ];

    /// <param name="architectures">See <see cref="ArchitecturesFor"/>.</param>
    /// <param name="bounding">The container's bounding capabilities; null means Docker's default set.</param>
    public static OciSeccomp Create(IReadOnlyList<string> architectures, IReadOnlyCollection<string>? bounding = null) =>
        new("SCMP_ACT_ERRNO", EPERM, architectures, Rules(bounding ?? LinuxDefaults.Capabilities));

    private static List<OciSyscall> Rules(IReadOnlyCollection<string> bounding)
    {
        var sysAdmin = bounding.Contains("CAP_SYS_ADMIN");
        var rules = new List<OciSyscall> { new(SeccompSyscalls.Allowed, "SCMP_ACT_ALLOW", null, null) };

        // socket: every family but AF_VSOCK, which would reach the hypervisor's host side.
        rules.Add(Allow("socket", new OciSyscallArg(0, AF_VSOCK, null, "SCMP_CMP_NE")));

        // personality: only querying and the harmless execution domains (PER_LINUX, PER_LINUX32,
        // UNAME26, UNAME26|PER_LINUX32), not e.g. ADDR_NO_RANDOMIZE, which would undo ASLR.
        foreach (var persona in new ulong[] { 0x0, 0x8, 0x20000, 0x20008, 0xffffffff })
            rules.Add(Allow("personality", new OciSyscallArg(0, persona, null, "SCMP_CMP_EQ")));

        // Without CAP_SYS_ADMIN (which allows every clone below): clone for threads and processes, not for new
        // namespaces (arg 0 is the flags on x86 and arm); clone3 passes its flags in memory that seccomp cannot
        // inspect, so it gets ENOSYS (not EPERM), which makes glibc and Go fall back to clone.
        if (!sysAdmin)
        {
            rules.Add(Allow("clone", new OciSyscallArg(0, CloneNamespaceFlags, 0, "SCMP_CMP_MASKED_EQ")));
            rules.Add(new OciSyscall(["clone3"], "SCMP_ACT_ERRNO", ENOSYS, null));
        }
        var gated = CapabilityGated.Where(g => bounding.Contains(g.Capability))
            .SelectMany(g => g.Names)
            .Where(n => !SeccompSyscalls.Allowed.Contains(n))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        if (gated.Count > 0) rules.Add(new OciSyscall(gated, "SCMP_ACT_ALLOW", null, null));
        return rules;
    }

    private static OciSyscall Allow(string name, OciSyscallArg arg) => new([name], "SCMP_ACT_ALLOW", null, [arg]);
}
