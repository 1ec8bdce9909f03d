using System.Text.Json;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Containers;

/// <summary>--network/--pid/--ipc container:NAME through the engine: resolution at create, the target check at
/// start, and what reaches config.json.</summary>
public sealed class ContainerEngineNamespaceTests
{
    private static CreateContainerRequest Sleeper(string name) => new() { Name = name, Image = "busybox", Cmd = ["sleep", "1000"] };

    private static JsonElement Spec(EngineHarness h, string id) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(h.Root, "containers", id, "config.json"))).RootElement;

    private static string? NamespacePath(JsonElement spec, string type) =>
        spec.GetProperty("linux").GetProperty("namespaces").EnumerateArray()
            .Single(n => n.GetProperty("type").GetString() == type)
            .TryGetProperty("path", out var path) ? path.GetString() : null;

    [Fact]
    public async Task Create_stores_the_targets_full_id_whatever_reference_was_given()
    {
        await using var h = new EngineHarness();
        var web = await h.Engine.CreateAsync(Sleeper("web"), default);
        var byName = await h.Engine.CreateAsync(Sleeper("aa") with { NetworkMode = "container:web" }, default);
        var byPrefix = await h.Engine.CreateAsync(Sleeper("bb") with { PidMode = "container:" + web.Id[..10], IpcMode = "container:/web" }, default);
        Assert.Equal(NamespaceMode.Container(web.Id), byName.Config.NetworkMode);
        Assert.Equal(NamespaceMode.Container(web.Id), byPrefix.Config.PidMode);
        Assert.Equal(NamespaceMode.Container(web.Id), byPrefix.Config.IpcMode);
        Assert.Equal("container:" + web.Id, h.Store.Records[byName.Id].Config.NetworkMode.ToString());
    }

    [Fact]
    public async Task An_unknown_target_is_a_400_at_its_field_and_nothing_is_created()
    {
        await using var h = new EngineHarness();
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            h.Engine.CreateAsync(Sleeper("aa") with { NetworkMode = "container:ghost", IpcMode = "container:nope" }, default));
        Assert.Equal(["network", "ipc"], error.Errors.Select(e => e.Field));
        Assert.Contains("no such container: ghost", error.Errors[0].Message);
        Assert.Contains("no such container: nope", error.Errors[1].Message);
        Assert.Empty(h.Engine.List());
        Assert.Empty(h.Store.Records);
    }

    [Fact]
    public async Task Start_joins_the_running_targets_namespaces_by_pid_and_takes_its_hostname_and_shm()
    {
        await using var h = new EngineHarness();
        var web = await h.Engine.CreateAsync(Sleeper("web") with { Hostname = "webhost" }, default);
        await h.Engine.StartAsync("web", default);
        var targetPid = h.Engine.Get("web").State.Pid!.Value;
        var side = await h.Engine.CreateAsync(Sleeper("side") with
        {
            NetworkMode = "container:web", PidMode = "container:web", IpcMode = "container:web",
        }, default);
        await h.Engine.StartAsync("side", default);

        var spec = Spec(h, side.Id);
        Assert.Equal($"/proc/{targetPid}/ns/net", NamespacePath(spec, "network"));
        Assert.Equal($"/proc/{targetPid}/ns/pid", NamespacePath(spec, "pid"));
        Assert.Equal($"/proc/{targetPid}/ns/ipc", NamespacePath(spec, "ipc"));
        Assert.Null(NamespacePath(spec, "uts"));
        Assert.Equal("webhost", spec.GetProperty("hostname").GetString());
        Assert.Equal("webhost\n", File.ReadAllText(Path.Combine(h.Root, "containers", side.Id, "hostname")));
        var shm = spec.GetProperty("mounts").EnumerateArray().Single(m => m.GetProperty("destination").GetString() == "/dev/shm");
        Assert.Equal(Path.Combine(h.Root, "containers", web.Id, "shm"), shm.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_private_container_gets_its_dev_shm_from_the_host_so_others_can_share_it()
    {
        await using var h = new EngineHarness();
        var web = await h.Engine.CreateAsync(Sleeper("web"), default);
        await h.Engine.StartAsync("web", default);
        var shm = Spec(h, web.Id).GetProperty("mounts").EnumerateArray().Single(m => m.GetProperty("destination").GetString() == "/dev/shm");
        Assert.Equal(("bind", Path.Combine(h.Root, "containers", web.Id, "shm")), (shm.GetProperty("type").GetString(), shm.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task A_target_that_is_not_running_refuses_the_start_with_409_and_the_container_stays_created()
    {
        await using var h = new EngineHarness();
        await h.Engine.CreateAsync(Sleeper("web"), default);
        var side = await h.Engine.CreateAsync(Sleeper("side") with { NetworkMode = "container:web" }, default);

        var error = await Assert.ThrowsAsync<NamespaceJoinException>(() => h.Engine.StartAsync("side", default));
        Assert.IsAssignableFrom<ConflictException>(error);
        Assert.Equal("cannot join the network namespace of web: it is not running; start web first", error.Message);
        Assert.Equal("network", error.Field);
        var state = h.Engine.Get("side").State;
        Assert.Equal(ContainerStatus.Created, state.Status);
        Assert.Null(state.Pid);
        Assert.Equal(error.Message, state.Error);
        Assert.Equal(0, h.Runtime.Creates);
        Assert.False(File.Exists(Path.Combine(h.Root, "containers", side.Id, "config.json")));
        Assert.DoesNotContain("start", h.Actions(side.Id));

        // Once the target runs, the same container starts.
        await h.Engine.StartAsync("web", default);
        Assert.True(await h.Engine.StartAsync("side", default));
        Assert.Equal(ContainerStatus.Running, h.Engine.Get("side").State.Status);
    }

    [Fact]
    public async Task Removing_a_target_is_allowed_as_in_docker_and_a_later_start_says_it_is_gone()
    {
        await using var h = new EngineHarness();
        var web = await h.Engine.CreateAsync(Sleeper("web"), default);
        await h.Engine.StartAsync("web", default);
        await h.Engine.CreateAsync(Sleeper("side") with { PidMode = "container:web" }, default);
        await h.Engine.StartAsync("side", default);
        await h.Engine.StopAsync("side", 1, null, default);

        await h.Engine.RemoveAsync("web", force: true, default);
        var error = await Assert.ThrowsAsync<NamespaceJoinException>(() => h.Engine.StartAsync("side", default));
        Assert.Contains($"cannot join the PID namespace of container {web.Id[..12]}: it no longer exists", error.Message);
        Assert.Equal(ContainerStatus.Exited, h.Engine.Get("side").State.Status);
    }

    [Fact]
    public async Task Ipc_host_binds_the_hosts_dev_shm_and_a_chain_of_joins_reaches_the_first_containers_shm_and_hostname()
    {
        await using var h = new EngineHarness();
        var a = await h.Engine.CreateAsync(Sleeper("aa") with { Hostname = "first" }, default);
        await h.Engine.StartAsync("aa", default);
        await h.Engine.CreateAsync(Sleeper("bb") with { NetworkMode = "container:aa", IpcMode = "container:aa" }, default);
        await h.Engine.StartAsync("bb", default);
        var c = await h.Engine.CreateAsync(Sleeper("cc") with { NetworkMode = "container:bb", IpcMode = "container:bb" }, default);
        await h.Engine.StartAsync("cc", default);
        var spec = Spec(h, c.Id);
        Assert.Equal("first", spec.GetProperty("hostname").GetString());
        var shm = spec.GetProperty("mounts").EnumerateArray().Single(m => m.GetProperty("destination").GetString() == "/dev/shm");
        Assert.Equal(Path.Combine(h.Root, "containers", a.Id, "shm"), shm.GetProperty("source").GetString());

        var host = await h.Engine.CreateAsync(Sleeper("hh") with { IpcMode = "host" }, default);
        await h.Engine.StartAsync("hh", default);
        var hostShm = Spec(h, host.Id).GetProperty("mounts").EnumerateArray().Single(m => m.GetProperty("destination").GetString() == "/dev/shm");
        Assert.Equal("/dev/shm", hostShm.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_chain_of_twelve_joins_is_followed_to_its_end_for_the_hostname_and_shm()
    {
        // The chain used to stop after 8 hops and then take the 9th container's own (id-derived) hostname and look
        // for a /dev/shm it never had. Chains cannot loop (a target must exist when a container is created), so the
        // engine follows them to the end.
        await using var h = new EngineHarness();
        var first = await h.Engine.CreateAsync(Sleeper("c00") with { Hostname = "first" }, default);
        await h.Engine.StartAsync("c00", default);
        ContainerRecord last = first;
        for (var i = 1; i <= 12; i++)
        {
            last = await h.Engine.CreateAsync(Sleeper($"c{i:00}") with
            {
                NetworkMode = $"container:c{i - 1:00}", IpcMode = $"container:c{i - 1:00}",
            }, default);
            await h.Engine.StartAsync(last.Id, default);
        }
        var spec = Spec(h, last.Id);
        Assert.Equal("first", spec.GetProperty("hostname").GetString());
        Assert.Equal("first\n", File.ReadAllText(Path.Combine(h.Root, "containers", last.Id, "hostname")));
        var shm = spec.GetProperty("mounts").EnumerateArray().Single(m => m.GetProperty("destination").GetString() == "/dev/shm");
        Assert.Equal(Path.Combine(h.Root, "containers", first.Id, "shm"), shm.GetProperty("source").GetString());
    }

    [Fact]
    public async Task The_modes_survive_a_daemon_restart()
    {
        await using var h = new EngineHarness();
        var web = await h.Engine.CreateAsync(Sleeper("web"), default);
        await h.Engine.CreateAsync(Sleeper("side") with { NetworkMode = "container:web", PidMode = "host", UtsMode = "host" }, default);
        var engine = h.Build();
        await engine.RecoverAsync(default);
        var side = engine.Get("side").Config;
        Assert.Equal(NamespaceMode.Container(web.Id), side.NetworkMode);
        Assert.Equal(NamespaceMode.Host, side.PidMode);
        Assert.Equal(NamespaceMode.Private, side.IpcMode);
        Assert.Equal(NamespaceMode.Host, side.UtsMode);
    }
}
