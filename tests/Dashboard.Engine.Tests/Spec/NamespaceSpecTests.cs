using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Oci;

namespace Dashboard.Engine.Tests.Spec;

/// <summary>Shared namespaces in config.json: host modes leave the namespace out, container modes join by path.</summary>
public sealed class NamespaceSpecTests
{
    private static IReadOnlyList<OciNamespace> Namespaces(OciSpecInput input) => OciSpecGenerator.Generate(input).Linux.Namespaces;

    private static OciMount Shm(OciSpecInput input) => OciSpecGenerator.Generate(input).Mounts.Single(m => m.Destination == "/dev/shm");

    [Fact]
    public void Network_container_joins_the_targets_netns_keeps_its_own_uts_and_takes_the_targets_hostname()
    {
        var spec = OciSpecGenerator.Generate(SpecInputs.NetworkContainer);
        Assert.Equal(
            [new("pid"), new("ipc"), new("uts"), new("mount"), new("network", "/proc/4242/ns/net"), new("cgroup")],
            spec.Linux.Namespaces);
        Assert.Equal("web", spec.Hostname);
        Assert.Contains("HOSTNAME=web", spec.Process.Env);
    }

    [Fact]
    public void Pid_host_leaves_the_pid_namespace_out()
    {
        Assert.Equal(["ipc", "uts", "mount", "network", "cgroup"], Namespaces(SpecInputs.PidHost).Select(n => n.Type));
        Assert.All(Namespaces(SpecInputs.PidHost), n => Assert.Null(n.Path));
    }

    [Fact]
    public void Pid_container_joins_the_targets_pid_namespace() =>
        Assert.Equal(new OciNamespace("pid", "/proc/4242/ns/pid"), Namespaces(SpecInputs.PidContainer)[0]);

    [Fact]
    public void Ipc_host_leaves_the_ipc_namespace_out_and_binds_the_hosts_dev_shm()
    {
        Assert.DoesNotContain(Namespaces(SpecInputs.IpcHost), n => n.Type == "ipc");
        Assert.Equal(new OciMount("/dev/shm", "bind", "/dev/shm", ["rbind", "nosuid", "noexec", "nodev", "rprivate"]), Shm(SpecInputs.IpcHost), new MountComparer());
    }

    [Fact]
    public void Ipc_container_joins_the_targets_ipc_namespace_and_binds_its_dev_shm()
    {
        Assert.Contains(new OciNamespace("ipc", "/proc/4242/ns/ipc"), Namespaces(SpecInputs.IpcContainer));
        Assert.Equal(SpecInputs.TargetShm, Shm(SpecInputs.IpcContainer).Source);
        Assert.Equal("bind", Shm(SpecInputs.IpcContainer).Type);
    }

    [Fact]
    public void Uts_host_leaves_the_uts_namespace_out_and_sets_no_hostname()
    {
        var spec = OciSpecGenerator.Generate(SpecInputs.UtsHost);
        Assert.Equal(["pid", "ipc", "mount", "network", "cgroup"], spec.Linux.Namespaces.Select(n => n.Type));
        Assert.Null(spec.Hostname);
        Assert.DoesNotContain(spec.Process.Env, e => e.StartsWith("HOSTNAME=", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_shm_source_dev_shm_stays_a_private_tmpfs()
    {
        var shm = Shm(SpecInputs.DefaultBusybox);
        Assert.Equal(("tmpfs", "shm"), (shm.Type, shm.Source));
        Assert.Equal(SpecInputs.OwnShm, Shm(SpecInputs.ShmOnHost).Source);
        // The bind takes the tmpfs's place, so mount order (and the user's binds over it) stay as they were.
        var mounts = OciSpecGenerator.Generate(SpecInputs.ShmOnHost).Mounts.Select(m => m.Destination).ToList();
        Assert.Equal(OciSpecGenerator.Generate(SpecInputs.DefaultBusybox).Mounts.Select(m => m.Destination), mounts);
    }

    [Theory]
    [InlineData("network")]
    [InlineData("pid")]
    [InlineData("ipc")]
    public void A_container_mode_without_a_resolved_target_pid_is_a_programming_error(string which)
    {
        var request = which switch
        {
            "network" => new CreateContainerRequest { NetworkMode = "container:web" },
            "pid" => new CreateContainerRequest { PidMode = "container:web" },
            _ => new CreateContainerRequest { IpcMode = "container:web" },
        };
        var input = SpecInputs.For(request with { Image = "busybox" });
        var error = Assert.Throws<ArgumentException>(() => OciSpecGenerator.Generate(input));
        Assert.Contains("no target pid was resolved", error.Message);
    }

    [Fact]
    public void Network_host_with_pid_and_ipc_host_keeps_only_mount_and_cgroup() =>
        Assert.Equal(["mount", "cgroup"], Namespaces(SpecInputs.For(new()
        {
            Image = "busybox", NetworkMode = "host", PidMode = "host", IpcMode = "host", UtsMode = "host",
        }) with { Joins = new() { ShmSource = "/dev/shm" } }).Select(n => n.Type));

    private sealed class MountComparer : IEqualityComparer<OciMount>
    {
        public bool Equals(OciMount? x, OciMount? y) =>
            x is not null && y is not null && (x.Destination, x.Type, x.Source) == (y.Destination, y.Type, y.Source)
            && (x.Options ?? []).SequenceEqual(y.Options ?? []);

        public int GetHashCode(OciMount obj) => obj.Destination.GetHashCode(StringComparison.Ordinal);
    }
}
