using System.Runtime.InteropServices;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Oci;

namespace Dashboard.Engine.Tests.Spec;

/// <summary>Docker's profile format to the OCI section, by moby's rules (the golden file seccomp-custom shows the whole).</summary>
public sealed class SeccompTranslatorTests
{
    private static OciSeccomp Translate(string json, IReadOnlyCollection<string>? caps = null, Architecture arch = Architecture.X64, int kernelMajor = 6)
    {
        Assert.True(DockerSeccompProfile.TryParse(json, out var profile, out var error), error);
        return SeccompTranslator.Translate(profile, arch, caps ?? LinuxDefaults.Capabilities, new Version(kernelMajor, 0))!;
    }

    [Fact]
    public void ArchMap_picks_the_hosts_entry_and_its_sub_architectures()
    {
        Assert.Equal(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], Translate(SpecInputs.SeccompProfileJson, arch: Architecture.Arm64).Architectures);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], Translate(SpecInputs.SeccompProfileJson).Architectures);
    }

    [Fact]
    public void Includes_and_excludes_follow_capabilities_architectures_and_kernel()
    {
        var plain = Translate(SpecInputs.SeccompProfileJson).Syscalls.SelectMany(s => s.Names).ToList();
        Assert.DoesNotContain("mount", plain);      // needs CAP_SYS_ADMIN
        Assert.Contains("clone3", plain);           // excluded only with CAP_SYS_ADMIN
        Assert.Contains("arch_prctl", plain);
        Assert.DoesNotContain("set_tls", plain);    // arm64 only

        var admin = Translate(SpecInputs.SeccompProfileJson, [.. LinuxDefaults.Capabilities, "CAP_SYS_ADMIN"]).Syscalls.SelectMany(s => s.Names).ToList();
        Assert.Contains("mount", admin);
        Assert.DoesNotContain("clone3", admin);

        var oldKernel = Translate(SpecInputs.SeccompProfileJson, kernelMajor: 4).Syscalls.SelectMany(s => s.Names).ToList();
        Assert.DoesNotContain("futex_waitv", oldKernel); // minKernel 5.16
    }

    [Fact]
    public void Legacy_name_becomes_names_and_args_keep_their_values()
    {
        var personality = Translate(SpecInputs.SeccompProfileJson).Syscalls.Single(s => s.Names.SequenceEqual(["personality"]));
        Assert.Equal(new OciSyscallArg(0, 8, null, "SCMP_CMP_EQ"), Assert.Single(personality.Args!));
    }

    [Fact]
    public void Field_names_match_without_regard_to_case_as_in_go()
    {
        var seccomp = Translate("""{"DefaultAction":"SCMP_ACT_ALLOW","Syscalls":[{"Names":["mkdir"],"Action":"SCMP_ACT_ERRNO","ErrnoRet":13}]}""");
        Assert.Equal("SCMP_ACT_ALLOW", seccomp.DefaultAction);
        Assert.Equal(13U, seccomp.Syscalls.Single().ErrnoRet);
    }

    [Fact]
    public void A_profile_file_in_dockers_format_translates()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "seccomp", "docker-format-profile.json");
        var seccomp = Translate(File.ReadAllText(path));
        Assert.Equal("SCMP_ACT_ERRNO", seccomp.DefaultAction);
        Assert.Contains(seccomp.Syscalls, s => s.Names.Contains("read") && s.Action == "SCMP_ACT_ALLOW");
    }
}
