using System.Globalization;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Inspection.Proc;

/// <summary>User names by uid from a container's /etc/passwd, read through /proc/PID/root. The path is resolved
/// with <see cref="RootfsPath"/> so that an image whose /etc/passwd is a symlink cannot make the daemon read a host
/// file (a plain open would resolve absolute links against the daemon's root).</summary>
internal static class PasswdNames
{
    public static IReadOnlyDictionary<long, string> Read(string procRoot, int pid)
    {
        var root = Path.Combine(ProcFs.PidDir(procRoot, pid), "root");
        string? path;
        try { path = RootfsPath.Resolve(root, "/etc/passwd"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return new Dictionary<long, string>(); }
        return Parse(path is null ? null : ProcFs.TryRead(path));
    }

    /// <summary>"name:x:uid:gid:..." lines; the first entry of a uid wins, as getpwuid does.</summary>
    public static IReadOnlyDictionary<long, string> Parse(string? content)
    {
        var names = new Dictionary<long, string>();
        foreach (var line in (content ?? "").Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split(':');
            if (f.Length >= 3 && f[0].Length > 0 && long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
                names.TryAdd(uid, f[0]);
        }
        return names;
    }
}
