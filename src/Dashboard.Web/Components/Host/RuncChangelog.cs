using System.IO.Compression;

namespace Dashboard.Web.Components.Host;

/// <summary>Where the Host page reads runc's package changelog from; a seam so tests do not depend on this host.</summary>
public interface IRuncChangelogSource
{
    /// <summary>The changelog text of the Debian package that owns <paramref name="runcPath"/>, or null.</summary>
    string? Read(string runcPath);
}

/// <summary>
/// Debian: the binary gets credit for its package's backports only when dpkg lists it as the package's file (what
/// "dpkg -S" checks), so a hand-installed /usr/local/bin/runc is judged by its version alone.
/// </summary>
public sealed class DebianRuncChangelog : IRuncChangelogSource
{
    public string? Read(string runcPath)
    {
        try
        {
            var resolved = new FileInfo(runcPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? runcPath;
            const string list = "/var/lib/dpkg/info/runc.list";
            if (!File.Exists(list)) return null;
            var owned = File.ReadLines(list).Any(l => l == resolved || l == runcPath);
            const string changelog = "/usr/share/doc/runc/changelog.Debian.gz";
            if (!owned || !File.Exists(changelog)) return null;
            using var gz = new GZipStream(File.OpenRead(changelog), CompressionMode.Decompress);
            using var reader = new StreamReader(gz);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return null; // unreadable: judge by version only, as the script does
        }
    }
}
