using Dapper;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Persistence;
using Microsoft.Data.Sqlite;

namespace Dashboard.Data;

/// <summary>
/// Containers in the <c>containers</c> table. The definition and state are stored as JSON (the source of truth);
/// status, exit code, OOM flag, restart count and pid are copied into columns for queries. A save that would give a
/// second container an existing name throws <see cref="NameConflictException"/>, the engine's 409.
/// </summary>
public sealed class ContainerRepository(SqliteDatabase database) : IContainerStore
{
    private const string SelectAll = """
        SELECT id AS Id, name AS Name, image_id AS ImageId, created AS Created,
               config_json AS ConfigJson, state_json AS StateJson
        FROM containers
        ORDER BY created, id
        """;

    private const string SelectById = """
        SELECT id AS Id, name AS Name, image_id AS ImageId, created AS Created,
               config_json AS ConfigJson, state_json AS StateJson
        FROM containers
        WHERE id = @Id
        """;

    private const string SelectIdByName = """
        SELECT id FROM containers WHERE name = @Name
        """;

    private const string Upsert = """
        INSERT INTO containers (id, name, image_id, created, status, exit_code, oom_killed, restart_count, pid,
                                config_json, state_json, updated)
        VALUES (@Id, @Name, @ImageId, @Created, @Status, @ExitCode, @OomKilled, @RestartCount, @Pid,
                @ConfigJson, @StateJson, @Updated)
        ON CONFLICT (id) DO UPDATE SET
            name = excluded.name, image_id = excluded.image_id, created = excluded.created,
            status = excluded.status, exit_code = excluded.exit_code, oom_killed = excluded.oom_killed,
            restart_count = excluded.restart_count, pid = excluded.pid,
            config_json = excluded.config_json, state_json = excluded.state_json, updated = excluded.updated
        """;

    private const string DeleteById = """
        DELETE FROM containers WHERE id = @Id
        """;

    // SQLITE_CONSTRAINT_UNIQUE, and the column SQLite names in its message.
    private const int SqliteConstraintUnique = 2067;
    private const string NameColumn = "containers.name";

    public async Task<IReadOnlyList<ContainerRecord>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync(connection =>
            connection.QueryAsync<ContainerRow>(new CommandDefinition(SelectAll, cancellationToken: cancellationToken)))
            .ConfigureAwait(false);
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>One container by full id, or null. Not part of <see cref="IContainerStore"/>; for tools and tests.</summary>
    public async Task<ContainerRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(connection =>
            connection.QuerySingleOrDefaultAsync<ContainerRow>(
                new CommandDefinition(SelectById, new IdParameter(id), cancellationToken: cancellationToken)))
            .ConfigureAwait(false);
        return row is null ? null : ToRecord(row);
    }

    public async Task SaveAsync(ContainerRecord container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        var parameters = ToParameters(container);
        await database.WriteAsync(async connection =>
        {
            try
            {
                return await connection.ExecuteAsync(new CommandDefinition(Upsert, parameters, cancellationToken: cancellationToken))
                    .ConfigureAwait(false);
            }
            catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintUnique && e.Message.Contains(NameColumn, StringComparison.Ordinal))
            {
                var existingId = await connection.QuerySingleOrDefaultAsync<string>(
                    new CommandDefinition(SelectIdByName, new NameParameter(container.Name), cancellationToken: cancellationToken))
                    .ConfigureAwait(false);
                throw new NameConflictException(container.Name, existingId ?? "(unknown)");
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
            connection.ExecuteAsync(new CommandDefinition(DeleteById, new IdParameter(id), cancellationToken: cancellationToken)),
            cancellationToken);

    private static ContainerRecord ToRecord(ContainerRow row) => new()
    {
        Id = row.Id,
        Name = row.Name,
        ImageId = row.ImageId,
        Created = UnixTime.FromIsoText(row.Created),
        Config = DataJson.DeserializeConfig(row.ConfigJson),
        State = DataJson.DeserializeState(row.StateJson),
    };

    private static ContainerParameters ToParameters(ContainerRecord c) => new(
        c.Id, c.Name, c.ImageId, UnixTime.ToIsoText(c.Created),
        c.State.Status.ToString(), c.State.ExitCode, c.State.OomKilled ? 1 : 0, c.State.RestartCount, c.State.Pid,
        DataJson.SerializeConfig(c.Config), DataJson.SerializeState(c.State), UnixTime.ToIsoText(DateTimeOffset.UtcNow));

    private sealed class ContainerRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string ImageId { get; init; } = "";
        public string Created { get; init; } = "";
        public string ConfigJson { get; init; } = "";
        public string StateJson { get; init; } = "";
    }

    private sealed record ContainerParameters(
        string Id, string Name, string ImageId, string Created,
        string Status, int? ExitCode, long OomKilled, long RestartCount, int? Pid,
        string ConfigJson, string StateJson, string Updated);

    private sealed record IdParameter(string Id);

    private sealed record NameParameter(string Name);
}
