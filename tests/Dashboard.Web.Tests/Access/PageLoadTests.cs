using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Pages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// Every page of the UI, found by reflection over its @page routes (so a new page is covered without editing this
/// test), loaded in full as a browser does (address bar, reload) by an anonymous visitor and by each role: the page
/// itself when the role allows it, a redirect to the login or the role notice otherwise, never a 500 and never a
/// Docker API answer from an unversioned route that shares the address (GET /events once answered 500 to everyone).
/// </summary>
public sealed partial class PageLoadTests : IAsyncLifetime
{
    private const string Container = "web";
    private AccessHost _host = null!;
    private readonly Dictionary<string, CookieContainer> _sessions = [];

    public async Task InitializeAsync()
    {
        _host = await AccessHost.StartAsync();
        await _host.CreateAdminAsync();
        await _host.CreateUserAsync("olga", Roles.Operator, "olga-password-1");
        await _host.CreateUserAsync("vera", Roles.Viewer, "vera-password-1");
        using var unix = _host.Unix();
        (await unix.PostAsync($"/v1.44/containers/create?name={Container}",
            new StringContent("""{"Image":"busybox","Cmd":["sleep","60"]}""", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        foreach (var (role, user, password) in new[] { (Roles.Admin, "admin", "admin-password-1"), (Roles.Operator, "olga", "olga-password-1"), (Roles.Viewer, "vera", "vera-password-1") })
        {
            var cookies = new CookieContainer();
            using var browser = _host.Tcp(cookies);
            Assert.Equal(HttpStatusCode.Redirect, (await AccessHost.LoginAsync(browser, user, password)).StatusCode);
            _sessions[role] = cookies;
        }
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>(page component, concrete URL) for every @page template, with each route parameter filled in.</summary>
    public static IEnumerable<(Type Page, string Url)> PageUrls()
    {
        foreach (var page in typeof(Components.App).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t)))
        foreach (var route in page.GetCustomAttributes<RouteAttribute>())
        foreach (var url in Expand(route.Template))
            yield return (page, url);
    }

    private static IEnumerable<string> Expand(string template)
    {
        var match = Parameter().Match(template);
        if (!match.Success)
        {
            yield return template;
            yield break;
        }
        string[] values = match.Groups[1].Value switch
        {
            "IdOrName" => [Container, "json"], // "json": also the literal of the Docker route /containers/json
            "Tab" => ContainerDetail.Tabs,
            var other => throw new InvalidOperationException($"The page route {template} has a parameter {{{other}}} this test cannot fill: add a value."),
        };
        foreach (var value in values)
        foreach (var url in Expand(template[..match.Index] + value + template[(match.Index + match.Length)..]))
            yield return url;
    }

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z]+)(:[^}]*)?\??\}")]
    private static partial Regex Parameter();

    /// <summary>The least role a page needs; null for pages open to anyone.</summary>
    private static string? Needed(Type page)
    {
        if (page.GetCustomAttribute<AllowAnonymousAttribute>() is not null) return null;
        var authorize = page.GetCustomAttributes<AuthorizeAttribute>().ToList();
        Assert.True(authorize.Count > 0, $"{page.Name} says neither [Authorize] nor [AllowAnonymous]");
        return authorize.Select(a => a.Policy).FirstOrDefault(p => p is not null) ?? Roles.Viewer;
    }

    [Fact]
    public async Task Every_page_loads_in_full_for_each_role_or_redirects()
    {
        var urls = PageUrls().ToList();
        Assert.Contains(urls, u => u.Url == "/events");
        Assert.Contains(urls, u => u.Url == $"/containers/{Container}/logs");
        var failures = new List<string>();
        foreach (var (page, url) in urls)
        {
            var needed = Needed(page);
            foreach (var role in new string?[] { null, Roles.Viewer, Roles.Operator, Roles.Admin })
            {
                using var browser = role is null ? _host.Tcp(origin: null) : _host.Tcp(_sessions[role], origin: null);
                using var response = await browser.SendAsync(Navigation(url));
                var body = await response.Content.ReadAsStringAsync();
                var who = role ?? "anonymous";
                var allowed = needed is null || (role is not null && Allows(role, needed));
                if (allowed)
                {
                    if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html"
                        || !body.Contains("_framework/blazor.web.js", StringComparison.Ordinal))
                        failures.Add($"{url} as {who}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {Head(body)}");
                    continue;
                }
                var expected = role is null ? "/login?returnUrl=" : "/forbidden?ReturnUrl=";
                var location = response.Headers.Location is { } l ? new Uri(_host.BaseAddress, l).PathAndQuery : "";
                if (response.StatusCode != HttpStatusCode.Redirect || !location.StartsWith(expected, StringComparison.Ordinal))
                    failures.Add($"{url} as {who}: expected a redirect to {expected}, got {(int)response.StatusCode} {location} {Head(body)}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Docker_clients_still_get_the_unversioned_routes_that_share_page_addresses()
    {
        using var unix = _host.Unix();
        var until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds();
        using var events = await unix.GetAsync($"/events?since=0&until={until}");
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Equal("application/json", events.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<html", await events.Content.ReadAsStringAsync());

        using var list = await unix.GetAsync("/containers/json?all=1");
        Assert.Contains($"\"/{Container}\"", await list.Content.ReadAsStringAsync());
        using var logs = await unix.GetAsync($"/containers/{Container}/logs?stdout=1");
        Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        Assert.NotEqual("text/html", logs.Content.Headers.ContentType?.MediaType);

        // A script over TCP with a token asks for JSON, not a page, and gets the Docker route too.
        var token = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "sdk", Roles.Viewer, CancellationToken.None));
        using var tcp = _host.Tcp(origin: null);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/events?since=0&until={until}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var viaTcp = await tcp.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, viaTcp.StatusCode);
        Assert.Equal("application/json", viaTcp.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The headers Chromium sends for a typed URL or a reload.</summary>
    private static HttpRequestMessage Navigation(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8");
        request.Headers.Add("Sec-Fetch-Dest", "document");
        request.Headers.Add("Sec-Fetch-Mode", "navigate");
        request.Headers.Add("Sec-Fetch-Site", "none");
        request.Headers.Add("Upgrade-Insecure-Requests", "1");
        return request;
    }

    private static bool Allows(string role, string needed) =>
        Roles.Allows(AccessHostRole(role), needed);

    private static System.Security.Claims.ClaimsPrincipal AccessHostRole(string role) => AccessClaims.ForSession("x", 1, "x", role);

    private static string Head(string body) => body.Length > 200 ? body[..200] : body;
}
