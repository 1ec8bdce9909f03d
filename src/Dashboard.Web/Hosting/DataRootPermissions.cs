using System.Runtime.Versioning;
using Dashboard.Data;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Runs first at start, before anything opens the database or writes a key: the data root is 0710 (as Docker's
/// /var/lib/docker: only its owner lists or reads it; the group may only pass through), the SQLite database with its
/// -wal and -shm 0600 (<see cref="DatabaseFileModes"/>: a local user once read a container's password from a 0644
/// WAL), and the cookie-signing keys directory 0700 with its files 0600. What is missing is created so; what exists
/// with looser modes (a data root from an earlier version, or made by hand) is tightened, and each fix is logged.
/// Only permissions are removed, never added.
/// </summary>
public static class DataRootPermissions
{
    public const UnixFileMode DataRootMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute;
    public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Returns one line per path it created or tightened (also logged).</summary>
    public static IReadOnlyList<string> Secure(string dataRoot, string databasePath, string keysDirectory, ILogger logger)
    {
        var changes = new List<string>();
        if (OperatingSystem.IsWindows()) return changes;
        Directory(dataRoot, DataRootMode, changes);
        foreach (var (path, was) in DatabaseFileModes.Secure(databasePath))
            changes.Add($"tightened {path} from {Octal(was)} to {Octal(was & DatabaseFileModes.FileMode)}");
        Directory(keysDirectory, PrivateDirectoryMode, changes);
        foreach (var file in System.IO.Directory.EnumerateFiles(keysDirectory)) Tighten(file, PrivateFileMode, changes);
        foreach (var change in changes) logger.LogWarning("Data root permissions: {Change}", change);
        return changes;
    }

    [UnsupportedOSPlatform("windows")]
    private static void Directory(string path, UnixFileMode mode, List<string> changes)
    {
        if (!System.IO.Directory.Exists(path))
        {
            // mkdir applies the umask to the mode; set it exactly afterwards.
            System.IO.Directory.CreateDirectory(path, mode);
            File.SetUnixFileMode(path, mode);
            return;
        }
        Tighten(path, mode, changes);
    }

    [UnsupportedOSPlatform("windows")]
    private static void Tighten(string path, UnixFileMode allowed, List<string> changes)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & ~allowed) == 0) return;
        File.SetUnixFileMode(path, mode & allowed);
        changes.Add($"tightened {path} from {Octal(mode)} to {Octal(mode & allowed)}");
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);
}
