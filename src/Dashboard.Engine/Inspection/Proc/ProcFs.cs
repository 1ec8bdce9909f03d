using System.Globalization;

namespace Dashboard.Engine.Inspection.Proc;

/// <summary>
/// Reads files under a proc root ("/proc" on a host, a fixture directory in tests). A process can exit between
/// any two reads, so every read here answers null instead of throwing when the file (or the process) is gone.
/// </summary>
internal static class ProcFs
{
    public const string DefaultRoot = "/proc";

    public static string PidDir(string procRoot, int pid) => Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>The file's text, or null when it (or its process) no longer exists or cannot be read.</summary>
    public static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // ENOENT and ESRCH (the process exited while its file was open) both land here.
            return null;
        }
    }

    /// <summary>The target of a symlink (an ns or fd link), or null when it is gone.</summary>
    public static string? TryReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The numeric entries of a directory (pids, fd numbers); empty when the directory is gone.</summary>
    public static IReadOnlyList<int> NumericEntries(string dir)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(dir)
                .Select(Path.GetFileName)
                .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1)
                .Where(v => v >= 0)
                .Order()
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Parses "net:[4026531833]" or "socket:[123]" with the given prefix; null for anything else.</summary>
    public static ulong? ParseBracketedInode(string? link, string prefix)
    {
        if (link is null || !link.StartsWith(prefix + ":[", StringComparison.Ordinal) || !link.EndsWith(']')) return null;
        var digits = link.AsSpan(prefix.Length + 2, link.Length - prefix.Length - 3);
        return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var inode) ? inode : null;
    }

    /// <summary>The inode of /proc/PID/ns/TYPE (what "ls -l" shows as type:[inode]), or null when the process or
    /// the namespace type does not exist.</summary>
    public static ulong? NamespaceInode(string procRoot, int pid, string type) =>
        ParseBracketedInode(TryReadLink(Path.Combine(PidDir(procRoot, pid), "ns", type)), type);
}
