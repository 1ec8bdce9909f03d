using System.Text.Json;
using Dapper;
using Dashboard.Engine.Persistence;
using Dashboard.Engine.Volumes;

namespace Dashboard.Data;

/// <summary>Volumes in <c>volumes</c> (migration 0005).</summary>
public sealed class VolumeRepository(SqliteDatabase database) : IVolumeStore
{
    public async Task<IReadOnlyList<VolumeRecord>> LoadVolumesAsync(CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync(connection => connection.QueryAsync<VolumeRow>(new CommandDefinition("""
            SELECT name AS Name, driver AS Driver, labels_json AS LabelsJson, options_json AS OptionsJson, created AS Created
            FROM volumes ORDER BY name
            """, cancellationToken: cancellationToken))).ConfigureAwait(false);
        return rows.Select(r => new VolumeRecord
        {
            Name = r.Name,
            Driver = r.Driver,
            Labels = JsonSerializer.Deserialize<Dictionary<string, string>>(r.LabelsJson) ?? [],
            Options = JsonSerializer.Deserialize<Dictionary<string, string>>(r.OptionsJson) ?? [],
            Created = UnixTime.FromIsoText(r.Created),
        }).ToList();
    }

    public Task InsertVolumeAsync(VolumeRecord volume, CancellationToken cancellationToken) =>
        database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO volumes (name, driver, labels_json, options_json, created)
            VALUES (@Name, @Driver, @LabelsJson, @OptionsJson, @Created)
            """, new VolumeRow
        {
            Name = volume.Name,
            Driver = volume.Driver,
            LabelsJson = JsonSerializer.Serialize(volume.Labels),
            OptionsJson = JsonSerializer.Serialize(volume.Options),
            Created = UnixTime.ToIsoText(volume.Created),
        }, cancellationToken: cancellationToken)), cancellationToken);

    public Task DeleteVolumeAsync(string name, CancellationToken cancellationToken) =>
        database.WriteAsync(connection => connection.ExecuteAsync(
            new CommandDefinition("DELETE FROM volumes WHERE name = @Name", new { Name = name }, cancellationToken: cancellationToken)), cancellationToken);

    private sealed class VolumeRow
    {
        public string Name { get; init; } = "";
        public string Driver { get; init; } = "";
        public string LabelsJson { get; init; } = "{}";
        public string OptionsJson { get; init; } = "{}";
        public string Created { get; init; } = "";
    }
}
