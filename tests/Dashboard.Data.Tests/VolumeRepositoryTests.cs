using Dashboard.Engine.Volumes;

namespace Dashboard.Data.Tests;

/// <summary>Migration 0005 and the volume repository: volumes with their labels, options and created time.</summary>
public sealed class VolumeRepositoryTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Migration_0005_adds_the_volumes_table_on_top_of_0004()
    {
        var database = _temp.OpenUnmigrated();
        Assert.Equal(4, database.Migrate(4));
        Assert.Equal(5, database.Migrate(5));
        Assert.Equal("volumes", SchemaMigrator.Embedded[4].Name);
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('volumes') ORDER BY cid";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read()) columns.Add(reader.GetString(0));
        Assert.Equal(["name", "driver", "labels_json", "options_json", "created"], columns);
    }

    [Fact]
    public async Task Volumes_round_trip_and_delete()
    {
        var repository = new VolumeRepository(_temp.Open());
        var data = new VolumeRecord
        {
            Name = "pgdata",
            Labels = new Dictionary<string, string> { ["tier"] = "db", [VolumeNames.AnonymousLabel] = "" },
            Options = new Dictionary<string, string> { ["o"] = "size=1m" },
            Created = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123),
        };
        await repository.InsertVolumeAsync(data, CancellationToken.None);
        await repository.InsertVolumeAsync(new VolumeRecord { Name = "cache", Created = data.Created }, CancellationToken.None);

        var loaded = await repository.LoadVolumesAsync(CancellationToken.None);
        Assert.Equal(["cache", "pgdata"], loaded.Select(v => v.Name));
        var pg = loaded[1];
        Assert.Equal("local", pg.Driver);
        Assert.Equal(data.Labels, pg.Labels);
        Assert.Equal(data.Options, pg.Options);
        Assert.Equal(data.Created, pg.Created);
        Assert.True(pg.Anonymous);

        await repository.DeleteVolumeAsync("pgdata", CancellationToken.None);
        Assert.Equal(["cache"], (await repository.LoadVolumesAsync(CancellationToken.None)).Select(v => v.Name));
    }
}
