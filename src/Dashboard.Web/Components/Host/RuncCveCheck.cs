using System.Globalization;

namespace Dashboard.Web.Components.Host;

/// <summary>One CVE's verdict for the installed runc.</summary>
public sealed record CveVerdict(string Cve, bool Fixed, string Reason);

/// <summary>
/// The runc security check of docker-less-setup/check-host.sh, as pure logic: CVE-2024-21626 is fixed upstream in
/// 1.1.12; CVE-2025-31133, CVE-2025-52565 and CVE-2025-52881 in 1.2.8, 1.3.3 and 1.4.0-rc.3. Distributions backport
/// fixes without changing the upstream version, so a CVE named in the package changelog also counts as fixed.
/// </summary>
public static class RuncCveCheck
{
    public const string Leak2024 = "CVE-2024-21626";
    public static readonly IReadOnlyList<string> Escapes2025 = ["CVE-2025-31133", "CVE-2025-52565", "CVE-2025-52881"];

    /// <param name="version">What "runc --version" reports, e.g. "1.1.5+ds1" or "1.4.0-rc.3".</param>
    /// <param name="changelog">The Debian changelog text of the package owning the binary, or null.</param>
    public static IReadOnlyList<CveVerdict> Evaluate(string version, string? changelog)
    {
        var rv = version.Split('+', '~')[0];                 // 1.1.5 / 1.4.0-rc.3
        var dash = rv.IndexOf('-');
        var rvBase = dash < 0 ? rv : rv[..dash];             // 1.1.5 / 1.4.0
        var numeric = Parse(rvBase);
        bool Named(string cve) => changelog is not null && changelog.Contains(cve, StringComparison.Ordinal);

        var verdicts = new List<CveVerdict>();
        if (numeric >= new Version(1, 1, 12))
            verdicts.Add(new(Leak2024, true, $"fixed upstream in 1.1.12; runc is {version}"));
        else if (Named(Leak2024))
            verdicts.Add(new(Leak2024, true, $"runc {version} predates 1.1.12 but is patched by Debian (changelog names {Leak2024})"));
        else
            verdicts.Add(new(Leak2024, false, $"runc {version} predates the fix (1.1.12): container breakout via leaked fds; upgrade runc"));

        var fixed2025 = Fixed2025(numeric, rv, rvBase);
        foreach (var cve in Escapes2025)
        {
            if (fixed2025)
                verdicts.Add(new(cve, true, $"fixed upstream (1.2.8 / 1.3.3 / 1.4.0-rc.3); runc is {version}"));
            else if (Named(cve))
                verdicts.Add(new(cve, true, $"runc {version} predates the fix but is patched by Debian (changelog names {cve})"));
            else
                verdicts.Add(new(cve, false, $"runc {version} predates the fix (1.2.8 / 1.3.3 / 1.4.0-rc.3): masked-path / console / procfs-write container escapes; upgrade runc"));
        }
        return verdicts;
    }

    private static bool Fixed2025(Version numeric, string rv, string rvBase)
    {
        if (numeric.Major == 1 && numeric.Minor == 2 && numeric >= new Version(1, 2, 8)) return true;
        if (numeric.Major == 1 && numeric.Minor == 3 && numeric >= new Version(1, 3, 3)) return true;
        if (rvBase == "1.4.0" && rv.Contains("-rc.", StringComparison.Ordinal))
        {
            // Release candidates of 1.4.0 before rc.3 lack the fixes; rc.3 and later have them.
            var rc = rv[(rv.LastIndexOf("-rc.", StringComparison.Ordinal) + 4)..];
            return int.TryParse(rc, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 3;
        }
        return numeric >= new Version(1, 4, 0);
    }

    /// <summary>Dotted numeric version; missing or non-numeric parts count as 0 (as sort -V would rank them low).</summary>
    private static Version Parse(string dotted)
    {
        var parts = dotted.Split('.').Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToList();
        while (parts.Count < 3) parts.Add(0);
        return new Version(parts[0], parts[1], parts[2]);
    }
}
