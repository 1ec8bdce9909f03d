using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// Mount options of a tmpfs (docker <c>--tmpfs /path:OPTIONS</c>): the generic mount flags and tmpfs's own data
/// options, checked here so that a typo is a 400 at create rather than a failed start. <see cref="Merge"/> lays the
/// user's options over Docker's defaults (noexec, nosuid, nodev, rprivate) with later ones winning, as moby's
/// MergeTmpfsOptions does.
/// </summary>
public static partial class TmpfsOptions
{
    /// <summary>Docker's defaults for a --tmpfs mount, before the user's options.</summary>
    public static readonly IReadOnlyList<string> Defaults = ["noexec", "nosuid", "nodev", "rprivate"];

    // Each flag with its opposite: the later of a pair wins.
    private static readonly Dictionary<string, string> s_flagGroups = new(StringComparer.Ordinal)
    {
        ["ro"] = "rw", ["rw"] = "rw",
        ["exec"] = "exec", ["noexec"] = "exec",
        ["suid"] = "suid", ["nosuid"] = "suid",
        ["dev"] = "dev", ["nodev"] = "dev",
        ["sync"] = "sync", ["async"] = "sync",
        ["dirsync"] = "dirsync",
        ["atime"] = "atime", ["noatime"] = "atime",
        ["diratime"] = "diratime", ["nodiratime"] = "diratime",
        ["relatime"] = "relatime", ["norelatime"] = "relatime",
        ["strictatime"] = "strictatime", ["nostrictatime"] = "strictatime",
        ["private"] = "propagation", ["rprivate"] = "propagation", ["shared"] = "propagation",
        ["rshared"] = "propagation", ["slave"] = "propagation", ["rslave"] = "propagation",
        ["inode32"] = "inode", ["inode64"] = "inode",
    };

    [GeneratedRegex("^[0-9]+[kKmMgGtTpPeE%]?$")]
    private static partial Regex SizePattern();

    [GeneratedRegex("^[0-9]+[kKmMgG]?$")]
    private static partial Regex CountPattern();

    [GeneratedRegex("^[0-7]{1,4}$")]
    private static partial Regex ModePattern();

    [GeneratedRegex("^[0-9]{1,10}$")]
    private static partial Regex IdPattern();

    /// <summary>Checks a comma-separated option list ("" is fine).</summary>
    public static bool TryValidate(string options, [NotNullWhen(false)] out string? error)
    {
        foreach (var option in Split(options))
        {
            if (option == "defaults" || s_flagGroups.ContainsKey(option)) continue;
            var eq = option.IndexOf('=');
            var key = eq < 0 ? option : option[..eq];
            var value = eq < 0 ? "" : option[(eq + 1)..];
            var valid = key switch
            {
                "size" => SizePattern().IsMatch(value),
                "nr_blocks" or "nr_inodes" => CountPattern().IsMatch(value),
                "mode" => ModePattern().IsMatch(value),
                "uid" or "gid" => IdPattern().IsMatch(value),
                "huge" => value is "never" or "always" or "within_size" or "advise",
                _ => (bool?)null,
            };
            if (valid is null)
            {
                error = $"invalid tmpfs option '{option}': use mount flags (ro, rw, exec, noexec, nosuid, nodev, ...) or size, mode, uid, gid, nr_inodes, nr_blocks, huge";
                return false;
            }
            if (valid == false)
            {
                error = key switch
                {
                    "size" => $"invalid tmpfs option '{option}': size takes bytes with an optional k, m, g suffix or a percentage of RAM, e.g. size=64m",
                    "mode" => $"invalid tmpfs option '{option}': mode is octal, e.g. mode=1777",
                    _ => $"invalid tmpfs option '{option}': '{value}' is not a valid value for {key}",
                };
                return false;
            }
        }
        error = null;
        return true;
    }

    /// <summary>Docker's merge: later options win over earlier ones of the same kind; the order is otherwise kept.</summary>
    public static IReadOnlyList<string> Merge(IEnumerable<string> options)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<string>();
        foreach (var option in options.Reverse())
        {
            if (option.Length == 0 || option == "defaults") continue;
            var eq = option.IndexOf('=');
            var kind = s_flagGroups.TryGetValue(option, out var group) ? "flag:" + group : "data:" + (eq < 0 ? option : option[..eq]);
            if (seen.Add(kind)) kept.Add(option);
        }
        kept.Reverse();
        return kept;
    }

    public static IEnumerable<string> Split(string options) =>
        options.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
