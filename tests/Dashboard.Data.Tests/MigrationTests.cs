using Microsoft.Data.Sqlite;

namespace Dashboard.Data.Tests;

public sealed class MigrationTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Embedded_migrations_are_numbered_from_one_without_gaps()
    {
        var versions = SchemaMigrator.Embedded.Select(m => m.Version).ToList();
        Assert.NotEmpty(versions);
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
        Assert.Equal(versions[^1], SchemaMigrator.LatestVersion);
        Assert.Equal("initial", SchemaMigrator.Embedded[0].Name);
    }

    [Fact]
    public void Fresh_database_reaches_the_latest_version()
    {
        var database = _temp.OpenUnmigrated();
        Assert.Equal(0, database.SchemaVersion);

        Assert.Equal(SchemaMigrator.LatestVersion, database.Migrate());
        Assert.Equal(SchemaMigrator.LatestVersion, database.SchemaVersion);
    }

    [Fact]
    public void Migration_0001_creates_containers_and_events_with_their_indexes()
    {
        var database = _temp.OpenUnmigrated();
        Assert.Equal(1, database.Migrate(1));

        using var connection = database.OpenConnection();
        Assert.Equal(["containers", "events"], SchemaObjects(connection, "table"));
        Assert.Equal(
            ["ix_containers_image_id", "ix_containers_status", "ix_events_actor_id", "ix_events_time_ns", "ix_events_type"],
            SchemaObjects(connection, "index"));
        Assert.Equal(
            ["id", "name", "image_id", "created", "status", "exit_code", "oom_killed", "restart_count", "pid", "config_json", "state_json", "updated"],
            Columns(connection, "containers"));
        Assert.Equal(["seq", "time_ns", "type", "action", "actor_id", "attributes_json"], Columns(connection, "events"));
    }

    [Fact]
    public void Running_the_migrator_twice_is_a_no_op()
    {
        var database = _temp.OpenUnmigrated();
        database.Migrate();
        using (var connection = database.OpenConnection())
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO events (time_ns, type, action, actor_id) VALUES (1, 'container', 'create', 'x')";
            insert.ExecuteNonQuery();
        }
        var schemaBefore = SchemaSql(database);

        Assert.Equal(SchemaMigrator.LatestVersion, database.Migrate());
        using var reopened = SqliteDatabase.Open(_temp.Path);

        Assert.Equal(schemaBefore, SchemaSql(database));
        using var check = database.OpenConnection();
        using var count = check.CreateCommand();
        count.CommandText = "SELECT count(*) FROM events";
        Assert.Equal(1L, count.ExecuteScalar());
    }

    [Fact]
    public void A_database_from_a_newer_build_is_refused_with_a_clear_message()
    {
        var database = _temp.Open();
        using (var connection = database.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"PRAGMA user_version = {SchemaMigrator.LatestVersion + 1}";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<DatabaseSchemaException>(() => database.Migrate());
        Assert.Contains("newer Dashboard", error.Message);
        Assert.Contains(_temp.Path, error.Message);
    }

    [Fact]
    public void A_failing_migration_leaves_the_previous_version_and_no_partial_schema()
    {
        var database = _temp.OpenUnmigrated();
        using var connection = database.OpenConnection();
        // Make 0001 fail half-way: its first CREATE TABLE succeeds, the events table already exists.
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE events (x INTEGER)";
            command.ExecuteNonQuery();
        }

        Assert.Throws<DatabaseSchemaException>(() => SchemaMigrator.Migrate(connection, 1));

        Assert.Equal(0, SchemaMigrator.ReadVersion(connection));
        Assert.DoesNotContain("containers", SchemaObjects(connection, "table"));
    }

    private static List<string> SchemaObjects(SqliteConnection connection, string type)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = $type AND name NOT LIKE 'sqlite_%' ORDER BY name";
        command.Parameters.AddWithValue("$type", type);
        return Read(command);
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table) ORDER BY cid";
        command.Parameters.AddWithValue("$table", table);
        return Read(command);
    }

    private static string SchemaSql(SqliteDatabase database)
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(sql, '') FROM sqlite_schema ORDER BY name";
        return string.Join("\n", Read(command));
    }

    private static List<string> Read(SqliteCommand command)
    {
        var result = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            result.Add(reader.GetString(0));
        return result;
    }
}
