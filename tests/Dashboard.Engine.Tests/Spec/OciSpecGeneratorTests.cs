using System.Text.Json;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Oci;

namespace Dashboard.Engine.Tests.Spec;

public sealed class OciSpecGeneratorTests
{
    private static OciSpec Generate(OciSpecInput input) => OciSpecGenerator.Generate(input);

    private static OciSpecInput WithConfig(CreateContainerRequest request, ImageConfig? image = null) => SpecInputs.For(request, image);

    [Fact]
    public void Cpus_and_memory_land_in_resources()
    {
        var resources = Generate(SpecInputs.LimitsBindsEnvUser).Linux.Resources;
        Assert.Equal(25_000, resources.Cpu!.Quota);
        Assert.Equal(100_000UL, resources.Cpu.Period);
        Assert.Equal(512UL, resources.Cpu.Shares);
        Assert.Equal("0", resources.Cpu.Cpus);
        Assert.Equal(209_715_200, resources.Memory!.Limit);
        Assert.Equal(314_572_800, resources.Memory.Swap);
        Assert.Equal(100, resources.Pids!.Limit);
    }

    [Fact]
    public void Unset_limits_are_absent_from_the_json()
    {
        var spec = Generate(SpecInputs.DefaultBusybox);
        Assert.Null(spec.Linux.Resources.Cpu);
        Assert.Null(spec.Linux.Resources.Memory);
        Assert.Null(spec.Linux.Resources.Pids);
        using var doc = JsonDocument.Parse(OciSpecGenerator.GenerateJson(SpecInputs.DefaultBusybox));
        var resources = doc.RootElement.GetProperty("linux").GetProperty("resources");
        Assert.Equal(["devices"], resources.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData(20_000UL, 20_000UL)]
    [InlineData(1024UL, 1024UL)]
    [InlineData(4_000_000UL, 1_048_576UL)]
    public void Nofile_never_exceeds_the_host_hard_limit(ulong host, ulong expected)
    {
        var rlimits = Generate(SpecInputs.DefaultBusybox with { HostNofileHardLimit = host }).Process.Rlimits;
        var nofile = Assert.Single(rlimits);
        Assert.Equal(("RLIMIT_NOFILE", expected, expected), (nofile.Type, nofile.Hard, nofile.Soft));
    }

    [Fact]
    public void Nproc_rlimit_only_when_the_host_has_one()
    {
        var rlimits = Generate(SpecInputs.DefaultBusybox with { HostNprocHardLimit = 4096 }).Process.Rlimits;
        Assert.Contains(rlimits, r => r is { Type: "RLIMIT_NPROC", Hard: 4096, Soft: 4096 });
    }

    [Fact]
    public void Default_container_has_all_namespaces_and_its_short_id_as_hostname()
    {
        var spec = Generate(SpecInputs.DefaultBusybox);
        Assert.Equal(["pid", "ipc", "uts", "mount", "network", "cgroup"], spec.Linux.Namespaces.Select(n => n.Type));
        Assert.Equal(SpecInputs.Id[..12], spec.Hostname);
        Assert.Contains("HOSTNAME=" + SpecInputs.Id[..12], spec.Process.Env);
        Assert.Equal($"/dashboard/{SpecInputs.Id}", spec.Linux.CgroupsPath);
        Assert.Equal(new OciRoot($"/var/lib/dashboard/overlay/{SpecInputs.Id}/merged", false), spec.Root);
    }

    [Fact]
    public void Network_host_shares_network_and_uts_and_sets_no_hostname()
    {
        var spec = Generate(SpecInputs.NetworkHost);
        Assert.DoesNotContain(spec.Linux.Namespaces, n => n.Type is "network" or "uts");
        Assert.Equal(["pid", "ipc", "mount", "cgroup"], spec.Linux.Namespaces.Select(n => n.Type));
        Assert.Null(spec.Hostname);
        Assert.DoesNotContain(spec.Process.Env, e => e.StartsWith("HOSTNAME=", StringComparison.Ordinal));
        Assert.DoesNotContain("\"hostname\"", OciSpecGenerator.GenerateJson(SpecInputs.NetworkHost));
    }

    [Fact]
    public void Configured_hostname_wins() =>
        Assert.Equal("worker-1", Generate(SpecInputs.LimitsBindsEnvUser).Hostname);

    public static TheoryData<string[]?, string[]?, string[]?, string[]?, string[]> ArgCases => new()
    {
        // request entrypoint, request cmd, image entrypoint, image cmd -> args
        { null, null, null, ["sh"], ["sh"] },
        { null, ["echo", "hi"], null, ["sh"], ["echo", "hi"] },
        { null, null, ["/entry"], ["--flag"], ["/entry", "--flag"] },
        { null, ["--other"], ["/entry"], ["--flag"], ["/entry", "--other"] },
        { ["/bin/sh", "-c"], null, null, ["sh"], ["/bin/sh", "-c"] }, // a request entrypoint drops the image cmd
        { ["/bin/sh", "-c"], ["echo ok"], ["/entry"], ["x"], ["/bin/sh", "-c", "echo ok"] },
        { [], ["ls"], ["/entry"], ["--flag"], ["ls"] }, // an empty entrypoint clears the image's
    };

    [Theory]
    [MemberData(nameof(ArgCases))]
    public void Args_follow_dockers_merge_rules(string[]? entrypoint, string[]? cmd, string[]? imageEntrypoint, string[]? imageCmd, string[] expected)
    {
        var input = WithConfig(new() { Image = "busybox", Entrypoint = entrypoint, Cmd = cmd },
            new ImageConfig { Entrypoint = imageEntrypoint, Cmd = imageCmd });
        Assert.Equal(expected, Generate(input).Process.Args);
    }

    [Fact]
    public void No_command_is_an_error()
    {
        var input = WithConfig(new() { Image = "scratch-app" }, new ImageConfig());
        var ex = Assert.Throws<ValidationException>(() => Generate(input));
        Assert.Equal("cmd", Assert.Single(ex.Errors).Field);
        Assert.Contains("No command specified", ex.Message);
    }

    [Fact]
    public void Env_merges_image_then_request_and_adds_path_and_hostname()
    {
        var image = new ImageConfig { Cmd = ["sh"], Env = ["LANG=C", "APP_MODE=dev", "SECRET=x"] };
        var input = WithConfig(new() { Image = "app", Env = ["APP_MODE=prod", "EXTRA=1", "SECRET"] }, image);
        Assert.Equal(
            ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=" + SpecInputs.Id[..12], "LANG=C", "APP_MODE=prod", "EXTRA=1"],
            Generate(input).Process.Env);
    }

    [Fact]
    public void Request_path_replaces_the_default_in_place()
    {
        var env = Generate(SpecInputs.LimitsBindsEnvUser).Process.Env;
        Assert.Equal("PATH=/app/bin:/bin", env[0]);
        Assert.Single(env, e => e.StartsWith("PATH=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/req", "/img", "/req")]
    [InlineData(null, "/img", "/img")]
    [InlineData(null, "img", "/img")]
    [InlineData(null, null, "/")]
    public void Cwd_prefers_request_then_image_then_root(string? request, string? image, string expected) =>
        Assert.Equal(expected, Generate(WithConfig(new() { Image = "busybox", WorkingDir = request },
            new ImageConfig { Cmd = ["sh"], WorkingDir = image })).Process.Cwd);

    [Fact]
    public void Root_gets_docker_default_capabilities_in_bounding_effective_permitted()
    {
        var process = Generate(SpecInputs.DefaultBusybox).Process;
        Assert.Equal(new OciUser(0, 0, null), process.User);
        Assert.Equal(14, process.Capabilities.Bounding.Count);
        Assert.Equal(process.Capabilities.Bounding, process.Capabilities.Effective);
        Assert.Equal(process.Capabilities.Bounding, process.Capabilities.Permitted);
        Assert.DoesNotContain("CAP_SYS_ADMIN", process.Capabilities.Bounding);
        Assert.DoesNotContain("CAP_NET_ADMIN", process.Capabilities.Bounding);
        Assert.True(process.NoNewPrivileges);
        Assert.False(process.Terminal);
        var json = OciSpecGenerator.GenerateJson(SpecInputs.DefaultBusybox);
        Assert.DoesNotContain("inheritable", json);
        Assert.DoesNotContain("ambient", json);
    }

    [Fact]
    public void Non_root_user_keeps_only_the_bounding_set()
    {
        var process = Generate(SpecInputs.LimitsBindsEnvUser).Process;
        Assert.Equal(new OciUser(1000, 1000, null), process.User);
        Assert.Equal(14, process.Capabilities.Bounding.Count);
        Assert.Null(process.Capabilities.Effective);
        Assert.Null(process.Capabilities.Permitted);
    }

    [Fact]
    public void Users_numeric_resolved_and_unresolved()
    {
        Assert.Equal(new OciUser(33, 0, null), Generate(WithConfig(new() { Image = "busybox", User = "33" })).Process.User);
        var image = new ImageConfig { Cmd = ["sh"], User = "65534:65534" };
        Assert.Equal(new OciUser(65534, 65534, null), Generate(WithConfig(new() { Image = "busybox" }, image)).Process.User);

        var named = WithConfig(new() { Image = "busybox", User = "www" });
        Assert.Contains("unable to find user www", Assert.Throws<ValidationException>(() => Generate(named)).Message);
        var resolved = named with { ResolvedUser = new ResolvedUser(82, 82, [101]) };
        Assert.Equal(82U, Generate(resolved).Process.User.Uid);
        Assert.Equal([101U], Generate(resolved).Process.User.AdditionalGids);
    }

    [Fact]
    public void Mounts_are_dockers_defaults_then_etc_files_then_binds_parents_first()
    {
        var mounts = Generate(SpecInputs.LimitsBindsEnvUser).Mounts;
        Assert.Equal(
            ["/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm",
             "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/app", "/app/config", "/app/data"],
            mounts.Select(m => m.Destination));
        Assert.Equal(["rbind", "ro", "rprivate"], mounts.Single(m => m.Destination == "/app/config").Options);
        Assert.Equal(["rbind", "rprivate"], mounts.Single(m => m.Destination == "/app/data").Options);
        Assert.Equal("/srv/app/data", mounts.Single(m => m.Destination == "/app/data").Source);
        Assert.Contains("ro", mounts.Single(m => m.Destination == "/sys").Options!);
        Assert.Contains("size=65536k", mounts.Single(m => m.Destination == "/dev/shm").Options!);
        Assert.Contains("newinstance", mounts.Single(m => m.Destination == "/dev/pts").Options!);
    }

    [Fact]
    public void A_user_bind_replaces_the_generated_etc_file()
    {
        var mounts = Generate(WithConfig(new() { Image = "busybox", Binds = ["/srv/hosts:/etc/hosts:ro"] })).Mounts;
        var hosts = Assert.Single(mounts, m => m.Destination == "/etc/hosts");
        Assert.Equal("/srv/hosts", hosts.Source);
    }

    [Fact]
    public void Masked_and_readonly_paths_are_dockers()
    {
        var linux = Generate(SpecInputs.DefaultBusybox).Linux;
        Assert.NotNull(linux.MaskedPaths);
        Assert.Contains("/proc/kcore", linux.MaskedPaths);
        Assert.Contains("/proc/keys", linux.MaskedPaths);
        Assert.Contains("/sys/firmware", linux.MaskedPaths);
        Assert.Equal(["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"], linux.ReadonlyPaths);
    }

    [Fact]
    public void Device_cgroup_denies_all_then_allows_the_standard_devices()
    {
        var devices = Generate(SpecInputs.DefaultBusybox).Linux.Resources.Devices;
        Assert.Equal(new OciDeviceCgroup(false, null, null, null, "rwm"), devices[0]);
        Assert.Contains(new OciDeviceCgroup(true, "c", 1, 3, "rwm"), devices);   // null
        Assert.Contains(new OciDeviceCgroup(true, "c", 136, null, "rwm"), devices); // pts
        Assert.DoesNotContain(devices, d => d.Allow && d.Access.Contains('r') && d.Major is null); // no wildcard read
    }

    [Theory]
    [InlineData(System.Runtime.InteropServices.Architecture.X64, false, new[] { "SCMP_ARCH_X86_64" })]
    [InlineData(System.Runtime.InteropServices.Architecture.X64, true, new[] { "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32" })]
    [InlineData(System.Runtime.InteropServices.Architecture.Arm64, false, new[] { "SCMP_ARCH_AARCH64" })]
    [InlineData(System.Runtime.InteropServices.Architecture.Arm64, true, new[] { "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM" })]
    public void Seccomp_covers_the_native_abi_and_the_32_bit_ones_only_when_asked(
        System.Runtime.InteropServices.Architecture host, bool compat, string[] expected)
    {
        var input = SpecInputs.DefaultBusybox with { HostArchitecture = host, SeccompCompatArchitectures = compat };
        Assert.Equal(expected, Generate(input).Linux.Seccomp!.Architectures);
    }

    [Fact]
    public void Seccomp_denies_by_default_and_allows_what_programs_need()
    {
        var seccomp = Generate(SpecInputs.DefaultBusybox).Linux.Seccomp!;
        Assert.Equal("SCMP_ACT_ERRNO", seccomp.DefaultAction);
        Assert.Equal(1U, seccomp.DefaultErrnoRet);
        Assert.Equal(["SCMP_ARCH_X86_64"], seccomp.Architectures);
        var allowed = seccomp.Syscalls.Where(s => s.Action == "SCMP_ACT_ALLOW" && s.Args is null).SelectMany(s => s.Names).ToHashSet();
        foreach (var name in new[] { "read", "write", "openat", "execve", "mmap", "futex", "rt_sigaction", "wait4", "exit_group", "epoll_pwait", "rseq", "sched_getaffinity" })
            Assert.Contains(name, allowed);
        foreach (var name in new[] { "mount", "umount2", "unshare", "setns", "pivot_root", "keyctl", "add_key", "bpf", "kexec_load", "init_module", "open_by_handle_at", "userfaultfd", "perf_event_open", "io_uring_setup", "clone", "clone3", "socket", "personality", "reboot" })
            Assert.DoesNotContain(name, allowed);

        var clone = Assert.Single(seccomp.Syscalls, s => s.Names.Contains("clone"));
        Assert.Equal(new OciSyscallArg(0, 0x7E020000, 0, "SCMP_CMP_MASKED_EQ"), Assert.Single(clone.Args!));
        var clone3 = Assert.Single(seccomp.Syscalls, s => s.Names.Contains("clone3"));
        Assert.Equal(("SCMP_ACT_ERRNO", (uint?)38), (clone3.Action, clone3.ErrnoRet));
        var socket = Assert.Single(seccomp.Syscalls, s => s.Names.Contains("socket"));
        Assert.Equal(new OciSyscallArg(0, 40, null, "SCMP_CMP_NE"), Assert.Single(socket.Args!));
    }

    [Fact]
    public void Json_uses_oci_field_names()
    {
        using var doc = JsonDocument.Parse(OciSpecGenerator.GenerateJson(SpecInputs.LimitsBindsEnvUser));
        var root = doc.RootElement;
        Assert.Equal("1.0.2", root.GetProperty("ociVersion").GetString());
        Assert.True(root.GetProperty("process").GetProperty("noNewPrivileges").GetBoolean());
        Assert.Equal(0, root.GetProperty("process").GetProperty("oomScoreAdj").GetInt32());
        Assert.Equal(25_000, root.GetProperty("linux").GetProperty("resources").GetProperty("cpu").GetProperty("quota").GetInt64());
        Assert.Equal(209_715_200, root.GetProperty("linux").GetProperty("resources").GetProperty("memory").GetProperty("limit").GetInt64());
        Assert.Equal("SCMP_ACT_ERRNO", root.GetProperty("linux").GetProperty("seccomp").GetProperty("defaultAction").GetString());
        Assert.Equal(12, root.GetProperty("linux").GetProperty("maskedPaths").GetArrayLength());
        Assert.False(root.GetProperty("root").GetProperty("readonly").GetBoolean());
    }
}
