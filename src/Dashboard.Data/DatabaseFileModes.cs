namespace Dashboard.Data;

/// <summary>
/// The database holds what users asked for, container environments (passwords) included, and its write-ahead log
/// holds the same rows until a checkpoint: the files must be readable by the daemon's user only. SQLite creates a
/// new database with 0644 less the umask, and creates the -wal, -shm and -journal files with the mode of the database
/// file (os_unix.c, findCreateFileMode), so creating the database file 0600 before SQLite does is what makes all of
/// them 0600, whatever the umask; files that exist already are tightened.
/// </summary>
public static class DatabaseFileModes
{
    /// <summary>rw------- for the database and its companions.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx------ for a database directory this code has to create (the composition root normally made it).</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly string[] Companions = ["", "-wal", "-shm", "-journal"];

    /// <summary>Creates the directory (0700) and an empty database file (0600) when missing, and takes every permission
    /// but the owner's off the database and its companion files. Returns each file it tightened with its old mode.</summary>
    public static IReadOnlyList<(string Path, UnixFileMode Was)> Secure(string databasePath)
    {
        if (OperatingSystem.IsWindows()) return [];
        var directory = Path.GetDirectoryName(databasePath)!;
        if (!Directory.Exists(directory)) Directory.CreateDirectory(directory, DirectoryMode);
        try
        {
            // An empty file is a valid empty database; SQLite takes it over with this mode.
            using var _ = new FileStream(databasePath, new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode,
            });
        }
        catch (IOException) when (File.Exists(databasePath)) { }

        var fixedFiles = new List<(string, UnixFileMode)>();
        foreach (var suffix in Companions)
        {
            var path = databasePath + suffix;
            if (!File.Exists(path)) continue;
            var mode = File.GetUnixFileMode(path);
            if ((mode & ~FileMode) == 0) continue;
            File.SetUnixFileMode(path, mode & FileMode);
            fixedFiles.Add((path, mode));
        }
        return fixedFiles;
    }
}
