using System.Globalization;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec;

/// <summary>
/// Resolves a user spec ("name", "uid", "name:group", "uid:gid") against a container rootfs's /etc/passwd and
/// /etc/group, with runc's rules: a known user gets its primary group and, when no group was given, every group
/// that lists it as a member; an unknown numeric uid runs with gid 0; an unknown name is an error. Reads files, so
/// it is separate from the pure <see cref="OciSpecGenerator"/>. Symlinks are followed inside the rootfs only, so an
/// image cannot point /etc/passwd at a host file.
/// </summary>
public static class PasswdResolver
{
    /// <exception cref="ValidationException">Field "user": an unknown user or group name, or a malformed spec.</exception>
    public static ResolvedUser Resolve(string rootfsPath, string? user) =>
        Resolve(path => ReadLines(rootfsPath, path), user);

    /// <summary>As <see cref="Resolve(string, string?)"/>, reading /etc/passwd and /etc/group through
    /// <paramref name="readLines"/> (null for a file that does not exist).</summary>
    internal static ResolvedUser Resolve(Func<string, IEnumerable<string>?> readLines, string? user)
    {
        var spec = string.IsNullOrEmpty(user) ? "0" : user;
        if (!UserSpec.TryValidate(spec, out var error)) throw new ValidationException("user", error);
        var colon = spec.IndexOf(':');
        var userPart = colon < 0 ? spec : spec[..colon];
        var groupPart = colon < 0 ? null : spec[(colon + 1)..];

        var passwd = Entries(readLines("/etc/passwd"));
        var groups = Entries(readLines("/etc/group"));

        var isNumeric = uint.TryParse(userPart, NumberStyles.None, CultureInfo.InvariantCulture, out var uid);
        var entry = passwd.FirstOrDefault(e => e.Length >= 4 && (isNumeric ? e[2] == userPart : e[0] == userPart));
        uint gid = 0;
        string? userName = null;
        if (entry is not null)
        {
            userName = entry[0];
            var idsValid = (isNumeric || TryId(entry[2], out uid)) && TryId(entry[3], out gid);
            if (!idsValid)
                throw new ValidationException("user", $"invalid /etc/passwd entry for user {userPart} in the image");
        }
        else if (!isNumeric)
        {
            throw new ValidationException("user", $"unable to find user {userPart}: no matching entries in passwd file");
        }

        if (groupPart is not null)
            return new ResolvedUser(uid, ResolveGroup(groupPart, groups), []);

        // Supplementary groups only in the implicit-group form, as runc does.
        var additional = userName is null
            ? []
            : groups.Where(g => g.Length >= 4 && g[3].Split(',').Contains(userName))
                .Select(g => TryId(g[2], out var id) ? id : (uint?)null)
                .OfType<uint>().Where(id => id != gid).Distinct().ToArray();
        return new ResolvedUser(uid, gid, additional);
    }

    /// <summary>--group-add entries to gids: numbers as they are, names from the rootfs's /etc/group (runc's
    /// GetAdditionalGroups).</summary>
    /// <exception cref="ValidationException">Field "group-add": a name the image's /etc/group does not have.</exception>
    public static IReadOnlyList<uint> ResolveGroups(string rootfsPath, IReadOnlyList<string> names)
    {
        if (names.Count == 0) return [];
        var groups = ReadEntries(rootfsPath, "/etc/group");
        var gids = new List<uint>();
        foreach (var name in names)
        {
            if (TryId(name, out var gid))
            {
                gids.Add(gid);
                continue;
            }
            var entry = groups.FirstOrDefault(g => g.Length >= 3 && g[0] == name);
            if (entry is null || !TryId(entry[2], out gid))
                throw new ValidationException("group-add", $"Unable to find group {name}: no matching entries in group file (the image's /etc/group); use a group the image has, or a numeric id");
            gids.Add(gid);
        }
        return gids.Distinct().ToArray();
    }

    private static uint ResolveGroup(string group, List<string[]> groups)
    {
        if (TryId(group, out var gid)) return gid;
        var entry = groups.FirstOrDefault(g => g.Length >= 3 && g[0] == group);
        if (entry is null || !TryId(entry[2], out gid))
            throw new ValidationException("user", $"unable to find group {group}: no matching entries in group file");
        return gid;
    }

    private static bool TryId(string s, out uint id) =>
        uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id <= UserSpec.MaxId;

    private static List<string[]> ReadEntries(string rootfs, string path) => Entries(ReadLines(rootfs, path));

    private static IEnumerable<string>? ReadLines(string rootfs, string path)
    {
        var file = RootfsPath.Resolve(rootfs, path);
        return file is null || !File.Exists(file) ? null : File.ReadLines(file);
    }

    private static List<string[]> Entries(IEnumerable<string>? lines) =>
        lines is null ? [] : lines.Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(':')).ToList();
}
