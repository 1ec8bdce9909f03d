using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Dashboard.Data;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Engine.Inspection;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Stats;
using Dashboard.Web.Access;
using Dashboard.Web.Components;
using Dashboard.Web.DockerApi;
using Dashboard.Web.Hosting;
using Dashboard.Web.Hubs;
using Dashboard.Web.Metrics;
using Dashboard.Web.NativeApi;
using Dashboard.Web.Tests.Fakes;
using Dashboard.Web.Tests.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// The daemon's composition (<see cref="TestApp"/>: access control, UI, native and Docker APIs, hub, metrics) in
/// process, on loopback TCP and a unix socket, over the fake engine and a temporary SQLite file, with a clock the test
/// can move.
/// </summary>
public sealed partial class AccessHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dir = Directory.CreateTempSubdirectory("dash-access-").FullName;
    private readonly FakeEngineParts _parts = new();

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    /// <summary>The validated settings the app runs with.</summary>
    public AccessOptions Options => _app.Services.GetRequiredService<AccessOptions>();
    public string SocketPath => TestApp.SocketPath(_dir);
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _app.Services;
    /// <summary>The app's endpoints and router (<see cref="AppRoutes"/>).</summary>
    public AppRoutes Routes => _routes ??= new AppRoutes(_app);
    private AppRoutes? _routes;
    public FakeContainerEngine Engine => _parts.Engine;

    private AccessHost(Action<AccessOptions>? configure, Action<IServiceCollection>? services)
    {
        _app = TestApp.Build(_dir, _parts, services: s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.Configure<AccessOptions>(o =>
            {
                o.RevalidationInterval = TimeSpan.FromMilliseconds(300);
                o.LoginAttemptsPerMinutePerIp = 1000;
                configure?.Invoke(o);
            });
            services?.Invoke(s);
        });
    }

    /// <param name="configure">Changes to the Access settings (after the test defaults: revalidation every 300 ms,
    /// 1000 logins a minute).</param>
    /// <param name="services">Last word on the services (e.g. a counting password hasher).</param>
    public static async Task<AccessHost> StartAsync(Action<AccessOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var host = new AccessHost(configure, services);
        await host._app.StartAsync();
        var address = host._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("http://127", StringComparison.Ordinal));
        host.BaseAddress = new Uri(address);
        return host;
    }

    /// <summary>This daemon's origin, as a browser names it in the Origin header.</summary>
    public string Origin => BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>A browser-like TCP client: keeps cookies, does not follow redirects (tests look at them), and sends
    /// <paramref name="origin"/> (this daemon's by default) as Origin, as a browser does on every POST; null sends none.</summary>
    public HttpClient Tcp(CookieContainer? cookies = null, string? origin = "")
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (origin is not null) client.DefaultRequestHeaders.Add("Origin", origin.Length == 0 ? Origin : origin);
        return client;
    }

    public HttpClient Unix() => new(TestApp.UnixHandler(SocketPath)) { BaseAddress = new Uri("http://localhost/") };

    public async Task<T> WithAccessAsync<T>(Func<AccessService, Task<T>> action)
    {
        using var scope = _app.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<AccessService>());
    }

    /// <summary>Creates the first admin through a setup link, then more users directly.</summary>
    public async Task CreateAdminAsync(string name = "admin", string password = "admin-password-1")
    {
        var (token, _) = _app.Services.GetRequiredService<SetupLinks>().Issue();
        await WithAccessAsync(a => a.SetupAsync(token, name, password, password, null, CancellationToken.None));
    }

    public static readonly ClaimsPrincipal System = AccessClaims.ForToken(0, "test", Roles.Admin);

    public Task CreateUserAsync(string name, string role, string password) =>
        WithAccessAsync(async a => { await a.CreateUserAsync(System, name, role, password, CancellationToken.None); return 0; });

    /// <summary>GETs <paramref name="page"/>, takes its antiforgery token, posts the form fields to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        var token = AntiforgeryPattern().Match(html);
        Assert.True(token.Success, "the page has no antiforgery token: " + html[..Math.Min(html.Length, 400)]);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string name, string password) =>
        PostFormAsync(client, "/login", "/access/login", new() { ["userName"] = name, ["password"] = password, ["returnUrl"] = "/containers" });

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();

    public async ValueTask DisposeAsync()
    {
        await Engine.RemoveAllAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
