using Dashboard.Data;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Snapshots;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Containers;

/// <summary>
/// Issue 9 point 1: what a crash leaves is swept when the engine starts. Each test makes one crash state by hand
/// (with the real runtime, conmon and SQLite file), drops the engine as a crash would, starts a new one over the same
/// state and checks that nothing of the leftover runs, is mounted, or holds a cgroup, file or directory.
/// </summary>
[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class CrashSweepTests
{
    private static CreateContainerRequest Sleeper(string name) => new() { Image = "busybox", Name = name, Cmd = ["sleep", "300"] };

    [SkippableFact]
    public async Task A_start_cut_short_by_a_crash_has_its_conmon_and_runc_init_killed_and_stays_created()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        // One run leaves the bundle (config.json, /etc files); then the half of a start a crash can leave: the rootfs
        // mounted and conmon + "runc init" created, while the row still says created.
        var c = await f.RunAsync(Sleeper("half-started"));
        await f.Engine.StopAsync(c.Id, 1, null, CancellationToken.None);
        var bundle = Path.Combine(f.Options.DataRoot, "containers", c.Id);
        new OverlaySnapshotter(f.Options).Mount(c.Id, f.Host.Images.LayerPaths(f.Host.Images.Resolve("busybox")));
        var created = await f.Host.Runtime.CreateAsync(new RuntimeCreateRequest(c.Id, bundle, Path.Combine(bundle, "ctr.log")), CancellationToken.None);
        Assert.Equal("created", (await f.Host.Runtime.StateAsync(c.Id, CancellationToken.None))?.Status);
        await WriteRowAsync(f, f.Engine.Get(c.Id) with { State = new ContainerState() });

        await f.RestartEngineAsync();

        Assert.False(IsRunning(created.Pid), "runc init is still alive");
        Assert.False(IsRunning(created.ConmonPid), "conmon is still alive");
        Assert.Null(await f.Host.Runtime.StateAsync(c.Id, CancellationToken.None));
        AssertNoCgroups(f, c.Id);
        Assert.DoesNotContain(Mounts(), m => m.Contains(c.Id, StringComparison.Ordinal));
        Assert.Equal(ContainerStatus.Created, f.Engine.Get(c.Id).State.Status);
        Assert.Equal(ContainerStatus.Created, (await ReadRowAsync(f, c.Id))?.State.Status);
        // And it starts as any created container does.
        await f.Engine.StartAsync(c.Id, CancellationToken.None);
        Assert.Equal(ContainerStatus.Running, f.Engine.Get(c.Id).State.Status);
    }

    [SkippableFact]
    public async Task A_running_container_without_a_row_is_killed_and_everything_of_it_removed()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var ghost = await f.RunAsync(Sleeper("ghost"));
        var keeper = await f.RunAsync(Sleeper("keeper"));
        var state = f.Engine.Get(ghost.Id).State;
        using (var database = SqliteDatabase.Open(f.Options.DatabasePath))
            await new ContainerRepository(database).DeleteAsync(ghost.Id, CancellationToken.None);

        await f.RestartEngineAsync();

        Assert.False(IsRunning(state.Pid!.Value), "the container's process is still alive");
        Assert.False(IsRunning(state.ConmonPid!.Value), "its conmon is still alive");
        Assert.Null(await f.Host.Runtime.StateAsync(ghost.Id, CancellationToken.None));
        AssertNoCgroups(f, ghost.Id);
        Assert.DoesNotContain(Mounts(), m => m.Contains(ghost.Id, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(f.Options.DataRoot, "containers", ghost.Id)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Options.RunRoot, ghost.Id + "*", SearchOption.AllDirectories));
        Assert.DoesNotContain(f.Engine.List(), r => r.Id == ghost.Id);
        // The container with a row is left alone.
        Assert.Equal(ContainerStatus.Running, f.Engine.Get(keeper.Id).State.Status);
        Assert.True(IsRunning(f.Engine.Get(keeper.Id).State.Pid!.Value));
    }

    [SkippableFact]
    public async Task A_bundle_directory_without_a_row_is_removed_and_foreign_names_are_left_alone()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        // A kill between preparing the bundle and inserting the row.
        var orphan = Path.Combine(f.Options.DataRoot, "containers", Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        foreach (var dir in new[] { "upper", "work", "rootfs" }) Directory.CreateDirectory(Path.Combine(orphan, dir));
        await File.WriteAllTextAsync(Path.Combine(orphan, "ctr.log"), "");
        var foreign = Path.Combine(f.Options.DataRoot, "containers", "not-a-container-id");
        Directory.CreateDirectory(foreign);
        var kept = await f.Engine.CreateAsync(Sleeper("kept"), CancellationToken.None);

        await f.RestartEngineAsync();

        Assert.False(Directory.Exists(orphan));
        Assert.True(Directory.Exists(foreign));
        Assert.True(Directory.Exists(Path.Combine(f.Options.DataRoot, "containers", kept.Id)));
        Assert.Equal(ContainerStatus.Created, f.Engine.Get("kept").State.Status);
    }

    private static async Task WriteRowAsync(EngineFixture f, ContainerRecord record)
    {
        using var database = SqliteDatabase.Open(f.Options.DatabasePath);
        await new ContainerRepository(database).SaveAsync(record, CancellationToken.None);
    }

    private static async Task<ContainerRecord?> ReadRowAsync(EngineFixture f, string id)
    {
        using var database = SqliteDatabase.Open(f.Options.DatabasePath);
        return await new ContainerRepository(database).FindAsync(id, CancellationToken.None);
    }

    /// <summary>Alive and not a zombie (a killed process whose parent has not reaped it yet counts as gone).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    private static void AssertNoCgroups(EngineFixture f, string id)
    {
        var left = Directory.GetDirectories("/sys/fs/cgroup")
            .Select(h => Path.Combine(h, f.Options.CgroupParent, id))
            .Where(Directory.Exists)
            .ToList();
        Assert.True(left.Count == 0, $"cgroups left: {string.Join(", ", left)}");
    }

    private static IEnumerable<string> Mounts() => File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]);
}
