using System.Net;

namespace Dashboard.Web.Tests.Access;

/// <summary>After login the browser goes only to a local path, read as the browser reads it (tabs and newlines
/// dropped, "\" as "/"); hostile return URLs are never echoed and never a 500.</summary>
public sealed class ReturnUrlTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await AccessHost.StartAsync();
        await _host.CreateAdminAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string> Hostile =>
    [
        "/\t/evil.com",
        "/\n/evil.com",
        "/\r\n/evil.com",
        " //evil.com",
        "\t//evil.com",
        "//evil.com",
        "/\\evil.com",
        "\\\\evil.com",
        "https://evil.com/",
        "http:evil.com",
        "javascript:alert(1)",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_return_url_lands_on_the_home_page(string returnUrl)
    {
        using var browser = _host.Tcp();
        var response = await AccessHost.PostFormAsync(browser, "/login", "/access/login",
            new() { ["userName"] = "admin", ["password"] = "admin-password-1", ["returnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_failed_login_keeps_only_a_local_return_url(string returnUrl)
    {
        using var browser = _host.Tcp();
        var response = await AccessHost.PostFormAsync(browser, "/login", "/access/login",
            new() { ["userName"] = "admin", ["password"] = "wrong-password", ["returnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("&returnUrl=%2F", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task The_login_page_does_not_echo_a_hostile_return_url(string returnUrl)
    {
        using var browser = _host.Tcp();
        var html = await browser.GetStringAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.DoesNotContain("evil", html);
        Assert.DoesNotContain("javascript:", html);
    }

    [Theory]
    [InlineData("/containers/web/logs?x=1", "/containers/web/logs?x=1")]
    [InlineData("/containers/\tweb", "/containers/web")]
    [InlineData("/a\r\nSet-Cookie: x=1", "/aSet-Cookie:%20x=1")]
    [InlineData("/caf\u00e9", "/caf%C3%A9")]
    [InlineData("/x/../settings", "/settings")]
    public async Task A_local_return_url_is_kept_in_canonical_form(string returnUrl, string expected)
    {
        using var browser = _host.Tcp();
        var response = await AccessHost.PostFormAsync(browser, "/login", "/access/login",
            new() { ["userName"] = "admin", ["password"] = "admin-password-1", ["returnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("x=", StringComparison.Ordinal)));
    }
}
