using Dashboard.Data;

namespace Dashboard.Data.Tests;

/// <summary>A database file in its own temporary directory, deleted (with -wal/-shm) on dispose.</summary>
public sealed class TempDatabase : IDisposable
{
    private readonly List<SqliteDatabase> _opened = [];

    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dashboard-data-tests-" + Guid.NewGuid().ToString("N"));
        // A subdirectory that does not exist yet: SqliteDatabase must create it.
        Path = System.IO.Path.Combine(Directory, "state", "dashboard.db");
    }

    public string Directory { get; }
    public string Path { get; }

    /// <summary>A migrated database instance on this file; disposed with the fixture unless disposed earlier.</summary>
    public SqliteDatabase Open() => Track(SqliteDatabase.Open(Path));

    /// <summary>An instance that has not been migrated.</summary>
    public SqliteDatabase OpenUnmigrated() => Track(new SqliteDatabase(Path));

    private SqliteDatabase Track(SqliteDatabase database)
    {
        _opened.Add(database);
        return database;
    }

    public void Dispose()
    {
        foreach (var database in _opened)
            database.Dispose();
        if (System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
    }
}
