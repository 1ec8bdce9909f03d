using System.Net;

namespace Dashboard.Web.Tests.Access;

/// <summary>Every response carries the CSP and the other browser hardening headers (pages, APIs, refusals alike).</summary>
public sealed class SecurityHeaderTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/login", HttpStatusCode.OK)]
    [InlineData("/containers", HttpStatusCode.Unauthorized)]
    [InlineData("/api/containers", HttpStatusCode.Unauthorized)]
    [InlineData("/healthz", HttpStatusCode.OK)]
    [InlineData("/_framework/blazor.web.js", HttpStatusCode.OK)]
    public async Task Responses_carry_a_strict_policy(string path, HttpStatusCode status)
    {
        using var client = _host.Tcp();
        using var response = await client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ') + 1)..]);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.Equal("'self'", directives["script-src"]); // no 'unsafe-inline', no 'unsafe-eval'
        Assert.Equal("'self'", directives["connect-src"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.DoesNotContain("unsafe-eval", csp);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" on our own form posts.
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task An_interactive_page_has_one_policy_ours_not_blazors_default()
    {
        // Blazor adds "frame-ancestors 'self'" to interactive pages by default; two policies would both apply.
        await _host.CreateAdminAsync();
        using var browser = _host.Tcp();
        await AccessHost.LoginAsync(browser, "admin", "admin-password-1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/containers");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Dashboard.Web.Access.SecurityHeaders.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }
}
