using Microsoft.Data.Sqlite;

namespace Dashboard.Data.Tests;

public sealed class StatsRollupMigrationTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Migration_0002_adds_the_rollup_table_and_its_prune_index_on_top_of_0001()
    {
        var database = _temp.OpenUnmigrated();
        Assert.Equal(1, database.Migrate(1));
        using (var before = database.OpenConnection())
            Assert.DoesNotContain("stats_rollups", Names(before, "table"));

        Assert.Equal(2, database.Migrate(2));
        Assert.Equal("stats_rollups", SchemaMigrator.Embedded[1].Name);

        using var connection = database.OpenConnection();
        Assert.Equal(["containers", "events", "stats_rollups"], Names(connection, "table"));
        Assert.Contains("ix_stats_rollups_minute_s", Names(connection, "index"));
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT name FROM pragma_table_info('stats_rollups') WHERE pk > 0 ORDER BY pk";
        Assert.Equal(["container_id", "minute_s"], Read(columns));
    }

    [Fact]
    public void Existing_rows_survive_the_upgrade_from_version_1()
    {
        var database = _temp.OpenUnmigrated();
        database.Migrate(1);
        using (var connection = database.OpenConnection())
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO events (time_ns, type, action, actor_id) VALUES (1, 'container', 'create', 'x')";
            insert.ExecuteNonQuery();
        }

        database.Migrate();

        using var check = database.OpenConnection();
        using var count = check.CreateCommand();
        count.CommandText = "SELECT count(*) FROM events";
        Assert.Equal(1L, count.ExecuteScalar());
    }

    [Fact]
    public void The_table_is_strict_about_types()
    {
        var database = _temp.Open();
        using var connection = database.OpenConnection();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO stats_rollups VALUES ('c', 'not a number', 1, 0,0,0, 0,0,0, 0,0,0, 0,0,0, 0,0,0, 0,0,0, 0,0,0, 0,0,0, 0, NULL, NULL)
            """;
        Assert.Throws<SqliteException>(() => insert.ExecuteNonQuery());
    }

    private static List<string> Names(SqliteConnection connection, string type)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = $type AND name NOT LIKE 'sqlite_%' ORDER BY name";
        command.Parameters.AddWithValue("$type", type);
        return Read(command);
    }

    private static List<string> Read(SqliteCommand command)
    {
        var result = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) result.Add(reader.GetString(0));
        return result;
    }
}
