using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Containers;

/// <summary>
/// Issue 9 point 4, security options: each checked inside a real runc container, where the kernel reports what the
/// process got (/proc/self/status: CapEff, NoNewPrivs, Seccomp), not by reading the spec back.
/// </summary>
[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class SecurityOptionsTests
{
    private static CreateContainerRequest Sh(string script) => new() { Image = "busybox", Cmd = ["sh", "-c", script] };

    private static async Task<string> OutputAsync(EngineFixture f, CreateContainerRequest request)
    {
        var (code, output) = await f.RunToEndAsync(request);
        Assert.True(code == 0, $"exit {code}: {output}");
        return output.Trim();
    }

    private static string Status(string output, string field) =>
        output.Split('\n').Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim();

    [SkippableFact]
    public async Task Cap_drop_all_leaves_no_capability_and_cap_add_gives_exactly_the_one_asked()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var none = await OutputAsync(f, Sh("grep -E '^Cap(Eff|Bnd)' /proc/self/status") with { CapDrop = ["ALL"] });
        Assert.Equal("0000000000000000", Status(none, "CapEff"));
        Assert.Equal("0000000000000000", Status(none, "CapBnd"));

        var netAdmin = await OutputAsync(f, Sh("grep ^CapEff /proc/self/status") with { CapDrop = ["ALL"], CapAdd = ["net_admin"] });
        Assert.Equal((1UL << 12).ToString("x16"), Status(netAdmin, "CapEff")); // CAP_NET_ADMIN is 12

        // Docker's default 14, for comparison: a80425fb.
        Assert.Equal("00000000a80425fb", Status(await OutputAsync(f, Sh("grep ^CapEff /proc/self/status")), "CapEff"));
        // Dropping one of them: CAP_NET_RAW (13) is gone, so ping-style raw sockets are not allowed.
        Assert.Equal("00000000a80405fb", Status(await OutputAsync(f, Sh("grep ^CapEff /proc/self/status") with { CapDrop = ["NET_RAW"] }), "CapEff"));
    }

    [SkippableFact]
    public async Task Read_only_root_refuses_writes_but_a_tmpfs_on_it_takes_them()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var output = await OutputAsync(f, Sh("touch /x 2>&1; echo rc=$?; touch /etc/hosts 2>&1; echo rc=$?; touch /scratch/y && echo wrote") with
        {
            ReadonlyRootfs = true,
            Tmpfs = ["/scratch"],
        });
        Assert.Contains("Read-only file system", output);
        Assert.Equal(2, output.Split('\n').Count(l => l == "rc=1"));
        Assert.EndsWith("wrote", output);
        Assert.Contains("rc=0", await OutputAsync(f, Sh("touch /x; echo rc=$?")));
    }

    [SkippableFact]
    public async Task No_new_privileges_is_on_by_default_and_off_when_asked()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        Assert.Equal("1", Status(await OutputAsync(f, Sh("grep ^NoNewPrivs /proc/self/status")), "NoNewPrivs"));
        Assert.Equal("0", Status(await OutputAsync(f, Sh("grep ^NoNewPrivs /proc/self/status") with { SecurityOpt = ["no-new-privileges=false"] }), "NoNewPrivs"));
        Assert.Equal("1", Status(await OutputAsync(f, Sh("grep ^NoNewPrivs /proc/self/status") with { SecurityOpt = ["no-new-privileges"] }), "NoNewPrivs"));
    }

    [SkippableFact]
    public async Task Seccomp_unconfined_runs_without_a_filter_and_a_profile_is_enforced()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        Assert.Equal("2", Status(await OutputAsync(f, Sh("grep ^Seccomp: /proc/self/status")), "Seccomp")); // filter mode
        Assert.Equal("0", Status(await OutputAsync(f, Sh("grep ^Seccomp: /proc/self/status") with { SecurityOpt = ["seccomp=unconfined"] }), "Seccomp"));

        // Everything allowed except creating directories, which fails with EPERM (the docker CLI sends the file's JSON).
        const string profile = """{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}""";
        var output = await OutputAsync(f, Sh("mkdir /made 2>&1; echo rc=$?; touch /file && echo touched") with { SecurityOpt = ["seccomp=" + profile] });
        Assert.Contains("Operation not permitted", output);
        Assert.Contains("rc=1", output);
        Assert.EndsWith("touched", output);
    }

    [SkippableFact]
    public async Task Cap_add_sys_admin_lets_the_default_filter_allow_mount_as_in_docker()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var output = await OutputAsync(f, Sh("mkdir -p /m && mount -t tmpfs none /m && echo mounted; grep ' /m ' /proc/mounts") with { CapAdd = ["SYS_ADMIN"] });
        Assert.Contains("mounted", output);
        Assert.Contains("none /m tmpfs", output);
        var (_, refused) = await f.RunToEndAsync(Sh("mkdir -p /m && mount -t tmpfs none /m 2>&1; echo rc=$?"));
        Assert.Contains("rc=", refused);
        Assert.DoesNotContain("rc=0", refused);
    }

    [SkippableFact]
    public async Task Privileged_gets_every_capability_no_filter_unmasked_proc_writable_sys_and_the_hosts_devices()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        const string script = "grep -E '^(CapEff|Seccomp):' /proc/self/status; ls /dev/loop-control 2>&1; "
            + "grep -E ' /sys sysfs' /proc/mounts; echo keys-mounts=$(grep -c ' /proc/keys ' /proc/mounts)";
        var privileged = await OutputAsync(f, Sh(script) with { Privileged = true });
        // Every capability the kernel has and the daemon may pass on (this sandbox has dropped CAP_SYS_RESOURCE).
        var expected = f.Host.Features.Capabilities.Aggregate(0UL, (mask, cap) => mask | (1UL << CapabilityNames.All.ToList().IndexOf(cap)));
        Assert.Equal(expected.ToString("x16"), Status(privileged, "CapEff"));
        Assert.Equal("0", Status(privileged, "Seccomp"));
        Assert.Contains("/dev/loop-control", privileged);
        Assert.DoesNotContain("No such file", privileged);
        Assert.Contains("sysfs /sys sysfs rw", privileged);
        Assert.Contains("keys-mounts=0", privileged); // /proc/keys is not masked by a bind of /dev/null

        var (_, plain) = await f.RunToEndAsync(Sh(script));
        Assert.Contains("No such file", plain);
        Assert.Contains("sysfs /sys sysfs ro", plain);
        Assert.True(plain.Contains("keys-mounts=1"), plain);
    }

    [SkippableFact]
    public async Task Apparmor_and_selinux_options_are_refused_on_a_host_without_them()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        if (f.Host.Features.AppArmor) return; // this host has AppArmor: nothing to refuse
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.Engine.CreateAsync(Sh("true") with { SecurityOpt = ["apparmor=docker-default"] }, CancellationToken.None));
        Assert.Contains("AppArmor is not enabled on this host", ex.Message);
        Assert.Empty(f.Engine.List()); // nothing half-created
    }
}
