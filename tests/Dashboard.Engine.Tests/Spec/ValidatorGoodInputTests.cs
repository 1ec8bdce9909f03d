using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Spec;

public sealed class ValidatorGoodInputTests
{
    private static readonly HostLimits s_host = new(CpuCount: 2, MemoryBytes: 4L << 30);

    private static ContainerConfig Validate(CreateContainerRequest request) => ContainerRequestValidator.Validate(request, s_host);

    [Fact]
    public void Minimal_request_gets_defaults()
    {
        var config = Validate(new() { Image = " busybox " });
        Assert.Equal("busybox", config.Image);
        Assert.Equal(NetworkMode.None, config.NetworkMode);
        Assert.Equal(RestartPolicy.No, config.RestartPolicy);
        Assert.Equal(new ResourceLimits(), config.Resources);
        Assert.Null(config.Cmd);
        Assert.Null(config.Entrypoint);
    }

    [Fact]
    public void Cpus_quarter_is_a_25000_of_100000_quota()
    {
        var r = Validate(new() { Image = "busybox", Cpus = "0.25" }).Resources;
        Assert.Equal(250_000_000, r.NanoCpus);
        Assert.Equal(25_000, r.CpuQuota);
        Assert.Equal(100_000, r.CpuPeriod);
    }

    [Fact]
    public void Cpus_may_equal_the_host_count_and_zero_means_unlimited()
    {
        Assert.Equal(200_000, Validate(new() { Image = "busybox", Cpus = "2" }).Resources.CpuQuota);
        Assert.Null(Validate(new() { Image = "busybox", Cpus = "0" }).Resources.CpuQuota);
    }

    [Fact]
    public void Memory_200m_is_209715200_bytes_with_default_swap_twice_that()
    {
        var r = Validate(new() { Image = "busybox", Memory = "200m" }).Resources;
        Assert.Equal(209_715_200, r.MemoryBytes);
        Assert.Equal(419_430_400, r.MemorySwapBytes);
    }

    [Theory]
    [InlineData("-1", -1L)]
    [InlineData("200m", 209_715_200L)]
    [InlineData("1g", 1_073_741_824L)]
    public void Memory_swap_is_kept(string swap, long expected) =>
        Assert.Equal(expected, Validate(new() { Image = "busybox", Memory = "200m", MemorySwap = swap }).Resources.MemorySwapBytes);

    [Fact]
    public void Without_swap_accounting_swap_is_dropped() =>
        Assert.Null(ContainerRequestValidator.Validate(
            new() { Image = "busybox", Memory = "200m", MemorySwap = "1g" },
            s_host with { SwapLimitSupported = false }).Resources.MemorySwapBytes);

    [Fact]
    public void Explicit_cfs_values_and_shares_and_cpuset_pass_through()
    {
        var r = Validate(new() { Image = "busybox", CpuPeriod = 50_000, CpuQuota = 20_000, CpuShares = 512, CpusetCpus = "0-1" }).Resources;
        Assert.Equal((50_000L, 20_000L, 512L, "0-1"), (r.CpuPeriod!.Value, r.CpuQuota!.Value, r.CpuShares!.Value, r.CpusetCpus));
        Assert.Null(r.NanoCpus);
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(-1L, null)]
    [InlineData(100L, 100L)]
    public void Pids_limit_zero_or_negative_is_unlimited(long input, long? expected) =>
        Assert.Equal(expected, Validate(new() { Image = "busybox", PidsLimit = input }).Resources.PidsLimit);

    [Theory]
    [InlineData(null, "private")]
    [InlineData("", "private")]
    [InlineData("default", "private")]
    [InlineData("none", "private")]
    [InlineData(" host ", "host")]
    [InlineData("container:web", "container:web")]
    [InlineData("container:/web", "container:web")]
    [InlineData("container:4f1c2d3e", "container:4f1c2d3e")]
    public void Network_modes(string? network, string expected) =>
        Assert.Equal(expected, Validate(new() { Image = "busybox", NetworkMode = network }).NetworkMode.ToString());

    [Theory]
    [InlineData(null, "private")]
    [InlineData("", "private")]
    [InlineData("private", "private")]
    [InlineData("host", "host")]
    [InlineData("container:db", "container:db")]
    public void Pid_modes(string? pid, string expected) =>
        Assert.Equal(expected, Validate(new() { Image = "busybox", PidMode = pid }).PidMode.ToString());

    [Theory]
    [InlineData(null, "private")]
    [InlineData("", "private")]
    [InlineData("private", "private")]
    [InlineData("shareable", "private")]
    [InlineData("host", "host")]
    [InlineData("container:db", "container:db")]
    public void Ipc_modes(string? ipc, string expected) =>
        Assert.Equal(expected, Validate(new() { Image = "busybox", IpcMode = ipc }).IpcMode.ToString());

    [Theory]
    [InlineData(null, "private")]
    [InlineData("", "private")]
    [InlineData("host", "host")]
    public void Uts_modes(string? uts, string expected) =>
        Assert.Equal(expected, Validate(new() { Image = "busybox", UtsMode = uts }).UtsMode.ToString());

    [Fact]
    public void Every_namespace_can_be_shared_at_once_and_a_hostname_stays_with_its_own_uts()
    {
        var config = Validate(new()
        {
            Image = "busybox", Name = "sidecar", Hostname = "side",
            PidMode = "container:app", IpcMode = "container:app", NetworkMode = "none",
        });
        Assert.Equal(NamespaceMode.Container("app"), config.PidMode);
        Assert.Equal(NamespaceMode.Container("app"), config.IpcMode);
        Assert.Equal("side", config.Hostname);
    }

    [Fact]
    public void Restart_policy_binds_and_process_fields_are_parsed()
    {
        var config = Validate(new()
        {
            Image = "busybox",
            Name = "/web",
            Cmd = ["sh", "-c", "echo hi"],
            Entrypoint = [],
            Env = ["A=1", "UNSET_ME"],
            WorkingDir = "/srv",
            User = "1000:1000",
            Hostname = "web-1",
            Labels = new Dictionary<string, string> { ["tier"] = "web" },
            RestartPolicy = "on-failure:3",
            Binds = ["/srv/data:/data:ro", "/tmp:/scratch"],
            StopSignal = "quit",
            StopTimeout = -1,
        });
        Assert.Equal(new RestartPolicy(RestartPolicyKind.OnFailure, 3), config.RestartPolicy);
        Assert.Equal([new BindMount("/srv/data", "/data", true), new BindMount("/tmp", "/scratch", false)], config.Binds);
        Assert.Equal("SIGQUIT", config.StopSignal);
        Assert.Equal(-1, config.StopTimeout);
        Assert.Equal(["sh", "-c", "echo hi"], config.Cmd);
        Assert.Empty(config.Entrypoint!);
        Assert.Equal(["A=1", "UNSET_ME"], config.Env);
        Assert.Equal(("/srv", "1000:1000", "web-1"), (config.WorkingDir, config.User, config.Hostname));
        Assert.Equal("web", config.Labels["tier"]);
    }

    [Fact]
    public void Null_collections_from_json_are_treated_as_empty()
    {
        var config = Validate(new() { Image = "busybox", Env = null!, Binds = null!, Labels = null! });
        Assert.Empty(config.Env);
        Assert.Empty(config.Binds);
        Assert.Empty(config.Labels);
    }

    [Fact]
    public void Rm_without_restart_policy_is_fine() =>
        Assert.True(Validate(new() { Image = "busybox", AutoRemove = true, RestartPolicy = "no" }).AutoRemove);

    [Fact]
    public void The_largest_memory_limit_gets_unlimited_swap_instead_of_a_wrapped_negative_one()
    {
        // Twice 2^63-1 wrapped to -2, which the kernel refuses at start (a 500); as much swap as that much memory is
        // no limit at all.
        var r = Validate(new() { Image = "busybox", Memory = InputLimits.MaxMemoryBytes.ToString() }).Resources;
        Assert.Equal(9_223_372_036_854_771_712, r.MemoryBytes);
        Assert.Equal(-1, r.MemorySwapBytes);
        var half = InputLimits.MaxMemoryBytes / 2;
        Assert.Equal(half * 2, Validate(new() { Image = "busybox", Memory = half.ToString() }).Resources.MemorySwapBytes);
        Assert.Equal(-1, Validate(new() { Image = "busybox", Memory = (half + 1).ToString() }).Resources.MemorySwapBytes);
    }

    [Fact]
    public void Values_at_each_bound_are_accepted()
    {
        var config = Validate(new()
        {
            Image = "busybox",
            Name = new string('n', InputLimits.MaxNameLength),
            Labels = new Dictionary<string, string> { ["big"] = new string('v', InputLimits.MaxLabelValueBytes) },
            Env = ["BIG=" + new string('x', InputLimits.MaxArgumentBytes - 4)],
            Cmd = ["sh", "-c", new string('x', InputLimits.MaxArgumentBytes)],
            WorkingDir = "/" + new string('d', InputLimits.MaxPathBytes - 1),
            PidsLimit = InputLimits.MaxPidsLimit,
            CpuQuota = InputLimits.MaxCpuQuota,
            StopTimeout = InputLimits.MaxStopTimeoutSeconds,
        });
        Assert.Single(config.Labels);
        Assert.Equal(4_194_304, config.Resources.PidsLimit);
        Assert.Equal((1L << 44) - 1, config.Resources.CpuQuota);
        Assert.Equal(4_294_967, config.StopTimeout);
    }

    [Fact]
    public void Nulls_inside_lists_and_label_values_become_empty_strings_as_in_docker()
    {
        var config = Validate(new()
        {
            Image = "busybox",
            Cmd = ["echo", null!],
            Labels = new Dictionary<string, string> { ["empty"] = null! },
        });
        Assert.Equal(["echo", ""], config.Cmd);
        Assert.Equal("", config.Labels["empty"]);
    }

    [Theory]
    [InlineData(4_194_305L, "pids-limit")]
    [InlineData(long.MaxValue, "pids-limit")]
    public void A_live_limits_update_has_the_same_maxima(long pids, string field)
    {
        var ex = Assert.Throws<ValidationException>(() =>
            ContainerRequestValidator.ValidateLimits(new() { Image = "busybox", PidsLimit = pids }, s_host));
        Assert.Equal(field, Assert.Single(ex.Errors).Field);
        Assert.Equal(-1, ContainerRequestValidator.ValidateLimits(new() { Image = "busybox", Memory = InputLimits.MaxMemoryBytes.ToString() }, s_host).MemorySwapBytes);
        var quota = Assert.Throws<ValidationException>(() =>
            ContainerRequestValidator.ValidateLimits(new() { Image = "busybox", CpuQuota = long.MaxValue }, s_host));
        Assert.Equal("cpu-quota", Assert.Single(quota.Errors).Field);
    }
}
