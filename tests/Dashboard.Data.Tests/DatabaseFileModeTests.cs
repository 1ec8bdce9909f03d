using Microsoft.Data.Sqlite;

namespace Dashboard.Data.Tests;

/// <summary>The database, its WAL and its shared-memory file are the owner's only (0600), however they come to exist.
/// (The test process runs with the usual umask 022, under which SQLite on its own makes them 0644.)</summary>
public sealed class DatabaseFileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode WorldReadable = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    private static void Write(SqliteDatabase database)
    {
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE IF NOT EXISTS secrets (v TEXT); INSERT INTO secrets VALUES ('DB_PASSWORD=hunter2');";
        command.ExecuteNonQuery();
    }

    [Fact]
    public void A_new_database_and_the_wal_and_shm_sqlite_creates_are_0600()
    {
        var database = _temp.Open();
        Write(database);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            Assert.True(File.Exists(_temp.Path + suffix), suffix + " missing");
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(_temp.Path + suffix));
        }
        Assert.Equal(DatabaseFileModes.DirectoryMode, File.GetUnixFileMode(Path.GetDirectoryName(_temp.Path)!));
    }

    [Fact]
    public void An_existing_world_readable_database_is_tightened_before_sqlite_opens_it()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_temp.Path)!);
        // Made by SQLite alone (as an earlier version did): 0644 under umask 022, then left with a WAL and shm.
        using (var raw = new SqliteConnection($"Data Source={_temp.Path};Pooling=False"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE t (v TEXT);";
            command.ExecuteNonQuery();
        }
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (!File.Exists(_temp.Path + suffix)) File.WriteAllText(_temp.Path + suffix, "");
            File.SetUnixFileMode(_temp.Path + suffix, WorldReadable);
        }

        var fixedFiles = DatabaseFileModes.Secure(_temp.Path);
        Assert.Equal(["", "-wal", "-shm"], fixedFiles.Select(f => f.Path[_temp.Path.Length..]));
        Assert.All(fixedFiles, f => Assert.Equal(WorldReadable, f.Was));

        var database = _temp.Open();
        Write(database);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(_temp.Path + suffix));
    }
}
