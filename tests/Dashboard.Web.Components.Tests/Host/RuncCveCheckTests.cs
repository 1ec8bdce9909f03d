using Dashboard.Web.Components.Host;

namespace Dashboard.Web.Components.Tests.Host;

/// <summary>The version rules of docker-less-setup/check-host.sh.</summary>
public sealed class RuncCveCheckTests
{
    private static Dictionary<string, bool> Fixed(string version, string? changelog = null) =>
        RuncCveCheck.Evaluate(version, changelog).ToDictionary(v => v.Cve, v => v.Fixed);

    [Theory]
    [InlineData("1.1.5+ds1", false, false)]
    [InlineData("1.1.11", false, false)]
    [InlineData("1.1.12", true, false)]
    [InlineData("1.2.7", true, false)]
    [InlineData("1.2.8", true, true)]
    [InlineData("1.3.2", true, false)]
    [InlineData("1.3.3", true, true)]
    [InlineData("1.4.0-rc.2", true, false)]
    [InlineData("1.4.0-rc.3", true, true)]
    [InlineData("1.4.0", true, true)]
    [InlineData("1.10.1", true, true)]
    public void Upstream_versions(string version, bool fixed2024, bool fixed2025)
    {
        var verdicts = Fixed(version);
        Assert.Equal(fixed2024, verdicts["CVE-2024-21626"]);
        foreach (var cve in RuncCveCheck.Escapes2025) Assert.Equal(fixed2025, verdicts[cve]);
    }

    [Fact]
    public void A_Debian_changelog_naming_the_cve_counts_as_patched()
    {
        var verdicts = RuncCveCheck.Evaluate("1.1.5+ds1", "runc (1.1.5+ds1-1+deb12u1) bookworm-security; * Fix CVE-2024-21626");
        var leak = Assert.Single(verdicts, v => v.Cve == "CVE-2024-21626");
        Assert.True(leak.Fixed);
        Assert.Contains("patched by Debian", leak.Reason);
        Assert.All(verdicts.Where(v => v.Cve != "CVE-2024-21626"), v => Assert.False(v.Fixed));
    }
}
