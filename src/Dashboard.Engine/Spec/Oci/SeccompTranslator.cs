using System.Runtime.InteropServices;

namespace Dashboard.Engine.Spec.Oci;

/// <summary>
/// A Docker-format seccomp profile to the OCI <c>linux.seccomp</c> section, with moby's rules: archMap picks the
/// host's entry and its sub-architectures; a syscall block is kept only when its includes hold (every listed
/// capability in the bounding set, the host's architecture listed, the kernel at least minKernel) and its excludes
/// do not; "name" becomes "names". A profile without a default action or rules means no filter (null).
/// </summary>
internal static class SeccompTranslator
{
    public static OciSeccomp? Translate(DockerSeccompProfile profile, Architecture host, IReadOnlyCollection<string> bounding, Version kernel)
    {
        if (profile.IsEmpty) return null;
        var native = NativeName(host);
        var nativeScmp = ScmpName(host);
        List<string> architectures = [.. profile.Architectures ?? []];
        var entry = profile.ArchMap?.FirstOrDefault(a => a.Architecture == nativeScmp);
        if (entry is not null) architectures.AddRange([entry.Architecture!, .. entry.SubArchitectures ?? []]);

        var syscalls = new List<OciSyscall>();
        foreach (var call in profile.Syscalls ?? [])
        {
            if (call.Excludes is { } ex && (Contains(ex.Arches, native) || (ex.Caps?.Any(bounding.Contains) ?? false) || AtLeast(kernel, ex.MinKernel)))
                continue;
            if (call.Includes is { } inc && ((inc.Arches is { Count: > 0 } && !inc.Arches.Contains(native))
                || (inc.Caps?.Any(c => !bounding.Contains(c)) ?? false)
                || (inc.MinKernel is not null && !AtLeast(kernel, inc.MinKernel))))
                continue;
            IReadOnlyList<string> names = string.IsNullOrEmpty(call.Name) ? call.Names! : [call.Name];
            var args = call.Args is { Count: > 0 }
                ? call.Args.Select(a => new OciSyscallArg(a.Index, a.Value, a.ValueTwo == 0 ? null : a.ValueTwo, a.Op!)).ToList()
                : null;
            syscalls.Add(new OciSyscall(names, call.Action!, call.ErrnoRet, args));
        }
        return new OciSeccomp(profile.DefaultAction!, profile.DefaultErrnoRet, architectures, syscalls,
            profile.Flags is { Count: > 0 } flags ? flags : null);
    }

    /// <summary>libseccomp's name of the host architecture, as Docker profiles use it in includes/excludes.</summary>
    public static string NativeName(Architecture host) => host switch
    {
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.X86 => "x86",
        Architecture.S390x => "s390x",
        Architecture.Ppc64le => "ppc64le",
        Architecture.RiscV64 => "riscv64",
        _ => "amd64",
    };

    private static string ScmpName(Architecture host) => host switch
    {
        Architecture.Arm64 => "SCMP_ARCH_AARCH64",
        Architecture.Arm => "SCMP_ARCH_ARM",
        Architecture.X86 => "SCMP_ARCH_X86",
        Architecture.S390x => "SCMP_ARCH_S390X",
        Architecture.Ppc64le => "SCMP_ARCH_PPC64LE",
        Architecture.RiscV64 => "SCMP_ARCH_RISCV64",
        _ => "SCMP_ARCH_X86_64",
    };

    private static bool Contains(IReadOnlyList<string>? list, string value) => list?.Contains(value) ?? false;

    private static bool AtLeast(Version kernel, string? minimum) =>
        minimum is not null && KernelVersion.TryParse(minimum) is { } v && kernel >= v;
}
