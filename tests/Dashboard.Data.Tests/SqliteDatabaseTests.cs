using Microsoft.Data.Sqlite;

namespace Dashboard.Data.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Creates_the_directory_and_the_file()
    {
        Assert.False(Directory.Exists(Path.GetDirectoryName(_temp.Path)));

        var database = _temp.Open();

        Assert.True(File.Exists(_temp.Path));
        Assert.Equal(Path.GetFullPath(_temp.Path), database.Path);
    }

    [Fact]
    public void Handed_out_connections_use_wal_synchronous_full_foreign_keys_and_a_busy_timeout()
    {
        var database = _temp.Open();

        // Twice: the second connection comes from the pool and must still carry the settings.
        for (var i = 0; i < 2; i++)
        {
            using var connection = database.OpenConnection();
            Assert.Equal("wal", Pragma(connection, "journal_mode"));
            Assert.Equal(2L, Pragma(connection, "synchronous")); // 2 = FULL
            Assert.Equal(1L, Pragma(connection, "foreign_keys"));
            Assert.Equal((long)SqliteDatabase.BusyTimeout.TotalMilliseconds, Pragma(connection, "busy_timeout"));
        }
    }

    [Fact]
    public void A_pooled_connection_whose_settings_were_changed_gets_them_back()
    {
        var database = _temp.Open();
        using (var connection = database.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA synchronous = OFF";
            command.ExecuteNonQuery();
        }

        using var again = database.OpenConnection();
        Assert.Equal(2L, Pragma(again, "synchronous"));
    }

    [Fact]
    public void The_journal_is_wal_on_disk()
    {
        _temp.Open();

        // Bytes 18 and 19 of the header are 2 in WAL mode (1 for the rollback journal).
        var header = new byte[20];
        using (var file = new FileStream(_temp.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            file.ReadExactly(header);
        Assert.Equal(2, header[18]);
        Assert.Equal(2, header[19]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":memory:")]
    [InlineData("file:x?mode=memory")]
    public void Rejects_paths_that_are_not_files(string path)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SqliteDatabase(path));
    }

    [Fact]
    public void A_disposed_database_hands_out_no_connections()
    {
        var database = _temp.Open();
        database.Dispose();

        Assert.Throws<ObjectDisposedException>(() => database.OpenConnection());
    }

    private static object? Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return command.ExecuteScalar();
    }
}
