using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Containers;

[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class RecoveryAndLayersTests
{
    [SkippableFact]
    public async Task Running_containers_survive_an_engine_restart_with_the_same_pid_and_exits_meanwhile_are_recorded()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var keeper = await f.RunAsync(new CreateContainerRequest { Image = "busybox", Name = "keeper", Cmd = ["sleep", "300"] });
        var quitter = await f.RunAsync(new CreateContainerRequest { Image = "busybox", Name = "quitter", Cmd = ["sh", "-c", "sleep 1; exit 4"] });
        var pid = f.Engine.Get("keeper").State.Pid;

        await f.Host.DisposeAsync(); // the engine goes away; conmon keeps the containers
        // The quitter exits while nobody watches: conmon writes its exit file.
        var exitFile = new Dashboard.Engine.Runtime.RuntimePaths(f.Options.RunRoot).ExitFile(quitter.Id);
        await Eventually.TrueAsync(() => File.Exists(exitFile), "the quitter's exit file");
        await f.RestartEngineAsync();

        var keeperState = f.Engine.Get(keeper.Id).State;
        Assert.Equal(ContainerStatus.Running, keeperState.Status);
        Assert.Equal(pid, keeperState.Pid);
        Assert.True(Directory.Exists($"/proc/{pid}"));
        var quitterState = f.Engine.Get(quitter.Id).State;
        Assert.Equal(ContainerStatus.Exited, quitterState.Status);
        Assert.Equal(4, quitterState.ExitCode);

        // The re-adopted container is fully manageable.
        Assert.True(await f.Engine.StopAsync("keeper", 1, null, CancellationToken.None));
        Assert.Equal(ContainerStatus.Exited, f.Engine.Get("keeper").State.Status);
    }

    [SkippableFact]
    public async Task Two_containers_of_one_image_share_one_unpacked_layer_and_write_to_their_own()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var a = await f.RunAsync(new CreateContainerRequest { Image = "busybox", Cmd = ["sh", "-c", "echo a > /written-by-a; sleep 60"] });
        var b = await f.RunAsync(new CreateContainerRequest { Image = "busybox", Cmd = ["sleep", "60"] });
        var image = f.Host.Images.Resolve("busybox");
        var layers = f.Host.Images.LayerPaths(image);
        Assert.Single(layers);
        var mounts = File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(" - overlay ")).ToList();
        var forA = mounts.Single(l => l.Contains(a.Id));
        var forB = mounts.Single(l => l.Contains(b.Id));
        Assert.Contains($"lowerdir={layers[0]}", forA);
        Assert.Contains($"lowerdir={layers[0]}", forB);
        // One unpacked copy in the store, however many containers use it.
        var layerStore = Path.GetDirectoryName(Path.GetDirectoryName(layers[0]))!;
        Assert.Single(Directory.GetDirectories(layerStore));

        var rootA = Path.Combine(f.Options.DataRoot, "containers", a.Id, "rootfs");
        var rootB = Path.Combine(f.Options.DataRoot, "containers", b.Id, "rootfs");
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(rootA, "written-by-a")), "container a to write its file");
        Assert.True(File.Exists(Path.Combine(rootA, "written-by-a")));
        Assert.False(File.Exists(Path.Combine(rootB, "written-by-a")));
        Assert.False(File.Exists(Path.Combine(layers[0], "written-by-a")));
    }
}
