using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Dashboard.Engine.Registry;

/// <summary>A parsed WWW-Authenticate challenge: "Bearer realm=...,service=...,scope=..." or "Basic realm=...".</summary>
internal sealed partial record RegistryChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    [GeneratedRegex("""([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))""")]
    private static partial Regex Parameter();

    public string? this[string name] => Parameters.TryGetValue(name, out var v) ? v : null;

    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public static RegistryChallenge? From(HttpResponseMessage response)
    {
        var header = response.Headers.WwwAuthenticate.FirstOrDefault(h => h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            ?? response.Headers.WwwAuthenticate.FirstOrDefault();
        return header is null ? null : Parse(header);
    }

    public static RegistryChallenge Parse(AuthenticationHeaderValue header)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Parameter().Matches(header.Parameter ?? ""))
            parameters[m.Groups[1].Value] = m.Groups[2].Success ? Regex.Unescape(m.Groups[2].Value) : m.Groups[3].Value;
        return new RegistryChallenge(header.Scheme, parameters);
    }
}
