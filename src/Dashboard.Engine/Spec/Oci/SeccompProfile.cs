namespace Dashboard.Engine.Spec.Oci;

/// <summary>
/// The default seccomp filter: deny with EPERM unless allowed, like Docker's default profile, resolved for a
/// container that holds only the default capabilities (no CAP_SYS_ADMIN), so the capability-gated rules of
/// Docker's profile are already decided here.
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

    public static OciSeccomp Create(IReadOnlyList<string> architectures) => new("SCMP_ACT_ERRNO", EPERM, architectures, Rules());

    private static List<OciSyscall> Rules()
    {
        var rules = new List<OciSyscall> { new(SeccompSyscalls.Allowed, "SCMP_ACT_ALLOW", null, null) };

        // socket: every family but AF_VSOCK, which would reach the hypervisor's host side.
        rules.Add(Allow("socket", new OciSyscallArg(0, AF_VSOCK, null, "SCMP_CMP_NE")));

        // personality: only querying and the harmless execution domains (PER_LINUX, PER_LINUX32,
        // UNAME26, UNAME26|PER_LINUX32), not e.g. ADDR_NO_RANDOMIZE, which would undo ASLR.
        foreach (var persona in new ulong[] { 0x0, 0x8, 0x20000, 0x20008, 0xffffffff })
            rules.Add(Allow("personality", new OciSyscallArg(0, persona, null, "SCMP_CMP_EQ")));

        // clone: allowed for threads and processes, not for new namespaces (arg 0 is the flags on x86 and arm).
        rules.Add(Allow("clone", new OciSyscallArg(0, CloneNamespaceFlags, 0, "SCMP_CMP_MASKED_EQ")));

        // clone3 passes its flags in memory that seccomp cannot inspect. ENOSYS (not EPERM) makes glibc and
        // Go fall back to clone, where the rule above applies.
        rules.Add(new OciSyscall(["clone3"], "SCMP_ACT_ERRNO", ENOSYS, null));
        return rules;
    }

    private static OciSyscall Allow(string name, OciSyscallArg arg) => new([name], "SCMP_ACT_ALLOW", null, [arg]);
}
