using Dashboard.Engine.Events;

namespace Dashboard.Data.Tests;

public sealed class DurabilityTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Everything_written_is_there_after_reopening_with_a_new_instance()
    {
        var container = Samples.Container("web");
        EngineEvent appended;
        using (var first = SqliteDatabase.Open(_temp.Path))
        {
            await new ContainerRepository(first).SaveAsync(container, _ct);
            appended = await new EventRepository(first).AppendAsync(Samples.Event(Samples.T0, container.Id), _ct);
        }

        using var second = SqliteDatabase.Open(_temp.Path);
        DeepAssert.Equal(container, Assert.Single(await new ContainerRepository(second).LoadAllAsync(_ct)));
        DeepAssert.Equal(appended, Assert.Single(await new EventRepository(second).QueryAsync(new EventQuery(), _ct)));
        Assert.Equal(SchemaMigrator.LatestVersion, second.SchemaVersion);
    }

    [Fact]
    public async Task Acknowledged_writes_are_in_the_files_without_a_clean_shutdown()
    {
        // Stand-in for kill -9: copy the database and its WAL while the writer still has them open (no checkpoint,
        // no close), then open the copy as a restarted daemon would.
        var database = _temp.Open();
        var container = Samples.Container("web");
        await new ContainerRepository(database).SaveAsync(container, _ct);
        var appended = await new EventRepository(database).AppendAsync(Samples.Event(Samples.T0, container.Id), _ct);
        using var held = database.OpenConnection();

        var crashed = Path.Combine(_temp.Directory, "crashed", "dashboard.db");
        Directory.CreateDirectory(Path.GetDirectoryName(crashed)!);
        foreach (var suffix in new[] { "", "-wal" })
            if (File.Exists(_temp.Path + suffix))
                File.Copy(_temp.Path + suffix, crashed + suffix);
        Assert.True(File.Exists(crashed + "-wal"), "the commit should still be in the WAL, not yet checkpointed");

        using var restarted = SqliteDatabase.Open(crashed);
        DeepAssert.Equal(container, Assert.Single(await new ContainerRepository(restarted).LoadAllAsync(_ct)));
        DeepAssert.Equal(appended, Assert.Single(await new EventRepository(restarted).QueryAsync(new EventQuery(), _ct)));
    }
}
