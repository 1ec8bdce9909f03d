using Microsoft.Data.Sqlite;

namespace Dashboard.Data;

/// <summary>
/// The engine's SQLite file. Hands out one open connection per operation (Microsoft.Data.Sqlite pools the native
/// handles, so this is cheap) with the durability settings applied: WAL journal, <c>synchronous=FULL</c> (a commit
/// is on disk before it returns), foreign keys on and a busy timeout. Safe for concurrent use: readers run in
/// parallel under WAL, and writes made through the repositories are serialised in-process by a write gate, so they
/// never spin on SQLITE_BUSY against each other; the busy timeout only matters for other processes (sqlite3 CLI).
/// Dispose it only after every operation has finished.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    /// <summary>How long a statement waits for a lock held by another connection or process.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    // Per-connection settings: they live on the native handle, so every handed-out connection gets them again
    // (a pooled handle keeps them, a fresh one would not). journal_mode=WAL is a property of the file and is set once
    // in the constructor, before any connection is handed out.
    private static readonly string ConnectionPragmas =
        $"PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private bool _disposed;

    /// <summary>
    /// Opens (creating if needed) the database file at <paramref name="path"/>, creating its directory, and switches
    /// it to WAL. The file and its -wal and -shm are the owner's only (0600, see <see cref="DatabaseFileModes"/>). Does not migrate: call <see cref="Migrate"/>, or use <see cref="Open"/> which does both.
    /// </summary>
    public SqliteDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path == ":memory:" || path.StartsWith("file:", StringComparison.Ordinal))
            throw new ArgumentException("SqliteDatabase needs a file path; in-memory databases are not shared between connections.", nameof(path));

        Path = System.IO.Path.GetFullPath(path);
        // Before SQLite creates anything: the file (and so its -wal and -shm) 0600, whoever opens it first.
        DatabaseFileModes.Secure(Path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();

        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        var mode = command.ExecuteScalar() as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new DatabaseSchemaException($"Could not switch {Path} to WAL mode (journal_mode is '{mode}'). Is the file on a file system that supports shared memory?");
    }

    /// <summary>Absolute path of the database file.</summary>
    public string Path { get; }

    /// <summary>Creates the database at <paramref name="path"/> and migrates it to the latest schema.</summary>
    public static SqliteDatabase Open(string path)
    {
        var database = new SqliteDatabase(path);
        try
        {
            database.Migrate();
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Applies every embedded migration newer than the file's user_version; returns the resulting version.</summary>
    public int Migrate() => Migrate(SchemaMigrator.LatestVersion);

    /// <summary>Migrates up to <paramref name="targetVersion"/> only (tests use it to check each step).</summary>
    public int Migrate(int targetVersion)
    {
        using var connection = OpenConnection();
        return SchemaMigrator.Migrate(connection, targetVersion);
    }

    /// <summary>The schema version recorded in the file (PRAGMA user_version).</summary>
    public int SchemaVersion
    {
        get
        {
            using var connection = OpenConnection();
            return SchemaMigrator.ReadVersion(connection);
        }
    }

    /// <summary>An open connection with the per-connection pragmas applied. The caller disposes it.</summary>
    public SqliteConnection OpenConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs a read on its own connection; reads may run concurrently with each other and with a write.</summary>
    internal async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read)
    {
        await using var connection = OpenConnection();
        return await read(connection).ConfigureAwait(false);
    }

    /// <summary>Runs a write on its own connection, one at a time per database instance. A write the file system has
    /// no room for throws <see cref="Dashboard.Engine.StorageFullException"/> (the API's 507), not SQLite's error 13.
    /// SQLite rolls the statement back, so nothing of it is stored.</summary>
    internal async Task<T> WriteAsync<T>(Func<SqliteConnection, Task<T>> write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = OpenConnection();
            return await write(connection).ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsDiskFull(e))
        {
            throw new Dashboard.Engine.StorageFullException(System.IO.Path.GetDirectoryName(Path)!, $"SQLite could not write {System.IO.Path.GetFileName(Path)}", e);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    // SQLITE_FULL, and SQLITE_IOERR_SHMSIZE: the shared-memory index of the WAL could not grow.
    private const int SqliteFull = 13;
    private const int SqliteIoErrShmSize = 4874;

    private static bool IsDiskFull(SqliteException e) =>
        e.SqliteErrorCode == SqliteFull || e.SqliteExtendedErrorCode == SqliteIoErrShmSize;

    /// <summary>Closes the pooled handles of this file, so the WAL is checkpointed and the file can be reopened or deleted.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _writeGate.Dispose();
    }
}
