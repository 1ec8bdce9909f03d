using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>docker <c>--ulimit NAME=SOFT[:HARD]</c> (go-units ParseUlimit): one value sets both limits; -1 is unlimited.</summary>
public static class UlimitParser
{
    /// <summary>Docker's ulimit names and the kernel's resource each sets (RLIMIT_ + the name in capitals).</summary>
    public static readonly IReadOnlyList<string> Names =
        ["as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack", "nofile"];

    public static bool TryParse(string? text, [NotNullWhen(true)] out Ulimit? ulimit, [NotNullWhen(false)] out string? error)
    {
        ulimit = null;
        var spec = (text ?? "").Trim();
        var eq = spec.IndexOf('=');
        if (eq <= 0)
        {
            error = $"invalid ulimit argument: '{text}': use NAME=SOFT[:HARD], e.g. nofile=1024:2048";
            return false;
        }
        var name = spec[..eq];
        if (!Names.Contains(name))
        {
            error = $"invalid ulimit type: {name}: use one of {string.Join(", ", Names)}";
            return false;
        }
        var values = spec[(eq + 1)..].Split(':');
        if (values.Length > 2)
        {
            error = $"too many limit value arguments - {spec[(eq + 1)..]}, can only have up to two, `soft[:hard]`";
            return false;
        }
        long hard = 0;
        if (!TryValue(values[0], out var soft) || !TryValue(values[^1], out hard))
        {
            error = $"invalid ulimit argument: '{text}': the limits must be whole numbers, or -1 for unlimited";
            return false;
        }
        if (hard != -1 && (soft == -1 || soft > hard))
        {
            error = $"ulimit soft limit must be less than or equal to hard limit: {(soft == -1 ? "unlimited" : soft.ToString(CultureInfo.InvariantCulture))} > {hard} (--ulimit {spec})";
            return false;
        }
        ulimit = new Ulimit(name, soft, hard);
        error = null;
        return true;
    }

    /// <summary>The NAME=SOFT:HARD text of a parsed ulimit (how the Docker API's objects reach the validator).</summary>
    public static string Format(string name, long soft, long hard) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}={soft}:{hard}");

    private static bool TryValue(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= -1;
}
