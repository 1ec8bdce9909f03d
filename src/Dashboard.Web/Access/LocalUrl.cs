namespace Dashboard.Web.Access;

/// <summary>
/// Return URLs (after login, and the page the /forbidden notice names) are user input, so only a path on this site is
/// accepted. The check reads the URL as a browser will: the WHATWG URL parser drops tabs and newlines anywhere and
/// trims leading and trailing control characters and spaces, and it reads "\" as "/", so "/&lt;TAB&gt;/evil.com" and
/// "/\evil.com" both mean "//evil.com", another host. The result is the canonical, ASCII-only path and query (safe
/// in a Location header: a raw CR/LF or non-ASCII character there made Kestrel answer 500).
/// </summary>
public static class LocalUrl
{
    private static readonly Uri Probe = new("http://local.invalid/");

    /// <summary>The local path (with query and fragment) <paramref name="url"/> stands for, or null when it is not one.</summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrEmpty(url)) return null;
        var cleaned = url.Trim(TrimmedByBrowsers).Replace("\t", "").Replace("\n", "").Replace("\r", "");
        // A backslash or any other control character left is never part of a link this site makes: refuse rather than
        // guess how each browser reads it.
        if (cleaned.Length == 0 || cleaned.Any(c => c == '\\' || char.IsControl(c))) return null;
        if (cleaned[0] != '/' || (cleaned.Length > 1 && cleaned[1] == '/')) return null;
        if (!Uri.TryCreate(Probe, cleaned, out var resolved) || resolved.Authority != Probe.Authority) return null;
        return resolved.PathAndQuery + resolved.Fragment;
    }

    /// <summary><see cref="Normalize"/>, falling back to the home page.</summary>
    public static string OrHome(string? url) => Normalize(url) ?? "/";

    /// <summary>What the URL parser strips from both ends: the C0 controls and the space.</summary>
    private static readonly char[] TrimmedByBrowsers = [.. Enumerable.Range(0, 0x21).Select(i => (char)i)];
}
