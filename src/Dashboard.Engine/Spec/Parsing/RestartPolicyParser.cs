using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>Docker's <c>--restart</c>: "no", "on-failure", "on-failure:N", "always", "unless-stopped".</summary>
public static class RestartPolicyParser
{
    private const string Choices = "use one of 'no', 'always', 'on-failure[:max-retries]' or 'unless-stopped'";

    public static RestartPolicy Parse(string? text) =>
        TryParse(text, out var policy, out var error) ? policy : throw new FormatException(error);

    /// <summary>null or empty means "no", as in Docker.</summary>
    public static bool TryParse(string? text, out RestartPolicy policy, [NotNullWhen(false)] out string? error)
    {
        policy = RestartPolicy.No;
        error = null;
        var s = text?.Trim() ?? "";
        if (s.Length == 0) return true;

        var colon = s.IndexOf(':');
        var name = colon < 0 ? s : s[..colon];
        var count = colon < 0 ? null : s[(colon + 1)..];
        RestartPolicyKind? kind = name switch
        {
            "no" => RestartPolicyKind.No,
            "on-failure" => RestartPolicyKind.OnFailure,
            "always" => RestartPolicyKind.Always,
            "unless-stopped" => RestartPolicyKind.UnlessStopped,
            _ => null,
        };
        if (kind is null)
        {
            error = $"invalid restart policy '{s}': unknown policy '{name}'; {Choices}";
            return false;
        }
        if (count is null)
        {
            policy = kind == RestartPolicyKind.No ? RestartPolicy.No : new RestartPolicy(kind.Value);
            return true;
        }
        if (kind != RestartPolicyKind.OnFailure)
        {
            error = $"invalid restart policy '{s}': maximum retry count can only be used with 'on-failure'";
            return false;
        }
        if (!int.TryParse(count, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var retries))
        {
            error = $"invalid restart policy '{s}': maximum retry count must be an integer, e.g. on-failure:3";
            return false;
        }
        if (retries < 0)
        {
            error = $"invalid restart policy '{s}': maximum retry count cannot be negative";
            return false;
        }
        policy = new RestartPolicy(RestartPolicyKind.OnFailure, retries);
        return true;
    }
}
