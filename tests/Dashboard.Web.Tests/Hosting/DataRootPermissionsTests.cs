using Dashboard.Web.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>The start-up step that makes the data root 0710, the database files 0600 and the keys 0700/0600: on a
/// fresh data root, and on one an earlier version left world-readable.</summary>
public sealed class DataRootPermissionsTests : IDisposable
{
    private const UnixFileMode Mode755 = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Mode644 = (UnixFileMode)0b110_100_100;
    private readonly string _dir = Directory.CreateTempSubdirectory("dash-modes-").FullName;

    private string DataRoot => Path.Combine(_dir, "data");
    private string Database => Path.Combine(DataRoot, "dashboard.db");
    private string Keys => Path.Combine(DataRoot, "keys");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Octal(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    [Fact]
    public void A_fresh_data_root_is_created_0710_with_private_database_and_keys()
    {
        var changes = DataRootPermissions.Secure(DataRoot, Database, Keys, NullLogger.Instance);

        Assert.Empty(changes); // nothing to fix, only created
        Assert.Equal("710", Octal(DataRoot));
        Assert.Equal("600", Octal(Database));
        Assert.Equal("700", Octal(Keys));
    }

    [Fact]
    public void Loose_modes_left_by_an_earlier_version_are_tightened_and_reported()
    {
        Directory.CreateDirectory(Keys);
        File.SetUnixFileMode(DataRoot, Mode755);
        File.SetUnixFileMode(Keys, Mode755);
        var key = Path.Combine(Keys, "key-0b1c.xml");
        foreach (var file in new[] { Database, Database + "-wal", Database + "-shm", key })
        {
            File.WriteAllText(file, "");
            File.SetUnixFileMode(file, Mode644);
        }

        var changes = DataRootPermissions.Secure(DataRoot, Database, Keys, NullLogger.Instance);

        Assert.Equal("710", Octal(DataRoot));
        foreach (var file in new[] { Database, Database + "-wal", Database + "-shm", key }) Assert.Equal("600", Octal(file));
        Assert.Equal("700", Octal(Keys));
        Assert.Equal(6, changes.Count);
        Assert.Contains($"tightened {DataRoot} from 0755 to 0710", changes);
        Assert.Contains($"tightened {Database}-wal from 0644 to 0600", changes);
        Assert.Contains($"tightened {key} from 0644 to 0600", changes);
    }

    [Fact]
    public void Stricter_modes_are_kept()
    {
        Directory.CreateDirectory(Keys);
        File.SetUnixFileMode(DataRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Empty(DataRootPermissions.Secure(DataRoot, Database, Keys, NullLogger.Instance));
        Assert.Equal("700", Octal(DataRoot));
    }
}
