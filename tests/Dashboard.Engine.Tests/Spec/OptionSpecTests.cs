using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Oci;

namespace Dashboard.Engine.Tests.Spec;

/// <summary>What each create option of issue 9 point 4 puts into config.json, next to the golden files.</summary>
public sealed class OptionSpecTests
{
    private static OciSpec Generate(CreateContainerRequest request, Func<OciSpecInput, OciSpecInput>? adjust = null)
    {
        var input = SpecInputs.For(request with { Image = "busybox", Cmd = ["sleep", "60"] }, host: SpecInputs.OptionsHost);
        return OciSpecGenerator.Generate(adjust is null ? input : adjust(input));
    }

    private static IReadOnlyList<string> Bounding(CreateContainerRequest request) => Generate(request).Process.Capabilities.Bounding;

    [Fact]
    public void Cap_drop_all_leaves_only_the_added_ones() =>
        Assert.Equal(["CAP_NET_ADMIN"], Bounding(new() { CapDrop = ["ALL"], CapAdd = ["NET_ADMIN"] }));

    [Fact]
    public void Cap_add_all_gives_every_capability_of_the_kernel_minus_the_dropped()
    {
        var caps = Bounding(new() { CapAdd = ["ALL"], CapDrop = ["SYS_ADMIN"] });
        Assert.Equal(CapabilityNames.All.Count - 1, caps.Count);
        Assert.DoesNotContain("CAP_SYS_ADMIN", caps);
    }

    [Fact]
    public void Cap_drop_and_add_change_dockers_default_set()
    {
        var caps = Bounding(new() { CapDrop = ["NET_RAW", "MKNOD"], CapAdd = ["SYS_PTRACE", "CHOWN"] });
        Assert.Equal(LinuxDefaults.Capabilities.Count - 2 + 1, caps.Count);
        Assert.DoesNotContain("CAP_NET_RAW", caps);
        Assert.Contains("CAP_SYS_PTRACE", caps);
    }

    [Fact]
    public void Cap_add_sys_admin_allows_mount_and_unshare_in_the_default_filter_as_docker_does()
    {
        var seccomp = Generate(new() { CapAdd = ["SYS_ADMIN"] }).Linux.Seccomp!;
        var allowed = seccomp.Syscalls.Where(s => s.Action == "SCMP_ACT_ALLOW" && s.Args is null).SelectMany(s => s.Names).ToHashSet();
        Assert.Contains("mount", allowed);
        Assert.Contains("unshare", allowed);
        Assert.Contains("clone", allowed);
        Assert.DoesNotContain(seccomp.Syscalls, s => s.Names.Contains("clone3") && s.Action == "SCMP_ACT_ERRNO");

        var plain = Generate(new()).Linux.Seccomp!;
        Assert.DoesNotContain(plain.Syscalls, s => s.Names.Contains("mount"));
    }

    [Fact]
    public void Privileged_has_every_capability_no_filter_no_masked_paths_writable_sys_and_every_device()
    {
        var spec = Generate(new() { Privileged = true }, i => i with { HostDevices = SpecInputs.FakeHostDevices });
        Assert.Equal(CapabilityNames.All, spec.Process.Capabilities.Bounding);
        Assert.Null(spec.Linux.Seccomp);
        Assert.Null(spec.Linux.MaskedPaths);
        Assert.Null(spec.Linux.ReadonlyPaths);
        Assert.DoesNotContain("ro", spec.Mounts.Single(m => m.Destination == "/sys").Options!);
        Assert.DoesNotContain("ro", spec.Mounts.Single(m => m.Destination == "/sys/fs/cgroup").Options!);
        Assert.Equal([new OciDeviceCgroup(true, null, null, null, "rwm")], spec.Linux.Resources.Devices);
        Assert.Equal(["/dev/kmsg", "/dev/loop0", "/dev/null"], spec.Linux.Devices!.Select(d => d.Path));
        Assert.False(spec.Process.NoNewPrivileges);
        Assert.True(Generate(new() { Privileged = true, SecurityOpt = ["no-new-privileges"] }).Process.NoNewPrivileges);
    }

    [Fact]
    public void Read_only_root_makes_every_mount_but_the_kernels_read_only_and_keeps_user_mounts_as_asked()
    {
        var spec = Generate(new() { ReadonlyRootfs = true, Binds = ["/srv:/srv"], Tmpfs = ["/run"] });
        Assert.True(spec.Root.Readonly);
        Assert.Contains("ro", spec.Mounts.Single(m => m.Destination == "/etc/hosts").Options!);
        foreach (var writable in new[] { "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/srv", "/run" })
            Assert.DoesNotContain("ro", spec.Mounts.Single(m => m.Destination == writable).Options!);
    }

    [Fact]
    public void Seccomp_unconfined_writes_no_filter_and_no_new_privileges_false_turns_it_off()
    {
        var spec = Generate(new() { SecurityOpt = ["seccomp=unconfined", "no-new-privileges=false"] });
        Assert.Null(spec.Linux.Seccomp);
        Assert.False(spec.Process.NoNewPrivileges);
        Assert.True(Generate(new()).Process.NoNewPrivileges);
    }

    [Fact]
    public void Apparmor_profile_is_written_only_where_the_host_has_apparmor()
    {
        var request = new CreateContainerRequest { SecurityOpt = ["apparmor=unconfined"] };
        Assert.Null(Generate(request).Process.ApparmorProfile);
        Assert.Equal("unconfined", Generate(request, i => i with { AppArmorEnabled = true }).Process.ApparmorProfile);
    }

    [Fact]
    public void Ulimits_replace_the_defaults_and_minus_one_is_infinity()
    {
        var rlimits = Generate(new() { Ulimits = ["nofile=100:200", "core=-1"] }).Process.Rlimits;
        Assert.Equal(new OciRlimit("RLIMIT_NOFILE", 200, 100), rlimits[0]);
        Assert.Equal(new OciRlimit("RLIMIT_CORE", ulong.MaxValue, ulong.MaxValue), Assert.Single(rlimits, r => r.Type == "RLIMIT_CORE"));
    }

    [Fact]
    public void A_user_mount_on_dev_shm_replaces_the_default_and_one_on_dev_everything_under_it()
    {
        var shm = Generate(new() { Tmpfs = ["/dev/shm:size=1m"] }).Mounts.Where(m => m.Destination == "/dev/shm").ToList();
        Assert.Equal("tmpfs", Assert.Single(shm).Source);
        Assert.Contains("size=1m", shm[0].Options!);

        var dev = Generate(new() { Mounts = ["type=tmpfs,target=/dev"] }).Mounts;
        Assert.DoesNotContain(dev, m => m.Destination.StartsWith("/dev/", StringComparison.Ordinal));
    }

    [Fact]
    public void Tmpfs_options_override_dockers_defaults_later_wins()
    {
        var run = Generate(new() { Tmpfs = ["/run:exec,suid,size=1m,size=2m"] }).Mounts.Single(m => m.Destination == "/run");
        Assert.Equal(["nodev", "rprivate", "exec", "suid", "size=2m"], run.Options);
    }

    [Fact]
    public void Shared_bind_propagation_makes_the_root_shared()
    {
        Assert.Equal("shared", Generate(new() { Mounts = ["type=bind,source=/srv,target=/srv,bind-propagation=rshared"] }).Linux.RootfsPropagation);
        Assert.Null(Generate(new() { Mounts = ["type=bind,source=/srv,target=/srv"] }).Linux.RootfsPropagation);
    }

    [Fact]
    public void Init_runs_the_command_under_docker_init_only_when_asked()
    {
        var spec = Generate(new() { Init = true }, i => i with { InitPath = "/usr/bin/tini-static" });
        Assert.Equal(["/sbin/docker-init", "--", "sleep", "60"], spec.Process.Args);
        var init = spec.Mounts.Single(m => m.Destination == "/sbin/docker-init");
        Assert.Equal(("bind", "/usr/bin/tini-static"), (init.Type, init.Source));
        Assert.Equal(["bind", "ro"], init.Options);
        Assert.DoesNotContain(Generate(new() { Init = false }).Mounts, m => m.Destination == "/sbin/docker-init");
    }

    [Fact]
    public void Group_add_comes_after_the_users_own_groups()
    {
        var user = Generate(new() { User = "1000:1000" }, i => i with { ResolvedUser = new ResolvedUser(1000, 1000, [20]), ExtraGids = [29, 20] }).Process.User;
        Assert.Equal([20U, 29U], user.AdditionalGids);
    }

    [Fact]
    public void Oom_score_adj_cpuset_mems_and_blkio_weight_land_where_runc_reads_them()
    {
        var spec = Generate(new() { OomScoreAdj = -200, CpusetMems = "1", BlkioWeight = 10 });
        Assert.Equal(-200, spec.Process.OomScoreAdj);
        Assert.Equal("1", spec.Linux.Resources.Cpu!.Mems);
        Assert.Equal((ushort)10, spec.Linux.Resources.BlockIO!.Weight);
    }
}
