using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// Linux signal names and numbers as Docker accepts them for <c>--stop-signal</c> and <c>docker kill -s</c>:
/// "KILL", "SIGKILL", "sigkill", "9", "RTMIN+3". Numbers are the x86_64/aarch64 ones (the same on both).
/// </summary>
public static class Signals
{
    public const int SigRtMin = 34;
    public const int SigRtMax = 64;

    private static readonly Dictionary<string, int> s_byName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["ILL"] = 4, ["TRAP"] = 5, ["ABRT"] = 6, ["IOT"] = 6,
        ["BUS"] = 7, ["FPE"] = 8, ["KILL"] = 9, ["USR1"] = 10, ["SEGV"] = 11, ["USR2"] = 12, ["PIPE"] = 13,
        ["ALRM"] = 14, ["TERM"] = 15, ["STKFLT"] = 16, ["CHLD"] = 17, ["CONT"] = 18, ["STOP"] = 19,
        ["TSTP"] = 20, ["TTIN"] = 21, ["TTOU"] = 22, ["URG"] = 23, ["XCPU"] = 24, ["XFSZ"] = 25,
        ["VTALRM"] = 26, ["PROF"] = 27, ["WINCH"] = 28, ["IO"] = 29, ["POLL"] = 29, ["PWR"] = 30, ["SYS"] = 31,
        ["RTMIN"] = SigRtMin, ["RTMAX"] = SigRtMax,
    };

    // Canonical names for formatting; aliases (IOT, POLL) map to their first spelling above.
    private static readonly Dictionary<int, string> s_byNumber = s_byName
        .GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.First().Key);

    /// <summary>The signal number, or <see cref="FormatException"/> "Invalid signal: X".</summary>
    public static int Parse(string text) =>
        TryParse(text, out var signal, out var error) ? signal : throw new FormatException(error);

    public static bool TryParse(string? text, out int signal, [NotNullWhen(false)] out string? error)
    {
        signal = 0;
        error = $"Invalid signal: {text}";
        var s = text?.Trim() ?? "";
        if (s.Length == 0) return false;

        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number is < 1 or > SigRtMax) return false;
            signal = number;
            error = null;
            return true;
        }

        if (s.StartsWith("SIG", StringComparison.OrdinalIgnoreCase)) s = s[3..];
        if (s_byName.TryGetValue(s, out signal))
        {
            error = null;
            return true;
        }
        // RTMIN+n and RTMAX-n, as kill(1) and Docker accept them.
        var plus = s.IndexOf('+');
        var minus = s.IndexOf('-');
        if (plus > 0 && s[..plus].Equals("RTMIN", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(s[(plus + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var up)
            && SigRtMin + up <= SigRtMax)
        {
            signal = SigRtMin + up;
            error = null;
            return true;
        }
        if (minus > 0 && s[..minus].Equals("RTMAX", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(s[(minus + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var down)
            && SigRtMax - down >= SigRtMin)
        {
            signal = SigRtMax - down;
            error = null;
            return true;
        }
        signal = 0;
        return false;
    }

    /// <summary>"SIGKILL" for 9, "SIGRTMIN+3" for 37; numbers outside 1..64 come back as digits.</summary>
    public static string Name(int signal)
    {
        if (s_byNumber.TryGetValue(signal, out var name)) return "SIG" + name;
        if (signal is > SigRtMin and < SigRtMax) return $"SIGRTMIN+{signal - SigRtMin}";
        return signal.ToString(CultureInfo.InvariantCulture);
    }
}
