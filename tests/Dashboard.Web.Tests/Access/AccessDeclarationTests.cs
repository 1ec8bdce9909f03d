using System.Net;
using System.Net.Http.Headers;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// Every endpoint of the real app (the daemon's own composition: both APIs, the hub, /metrics, /healthz, the access
/// forms, the pages, the circuit's /_blazor endpoints, the static files and the fallbacks) declares who may use it,
/// every one that takes a state-changing verb declares its audit action or why it has none, and over TCP each is
/// refused as its declaration says: without a login 401 (a page load: the login form), a role below the declared one
/// 403, a route for the unix socket 403 to everyone; on the socket nothing is refused. A route added without its
/// declaration fails here, whichever file maps it.
/// </summary>
public sealed class AccessDeclarationTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void The_enumeration_sees_every_kind_of_endpoint()
    {
        var names = _host.Routes.Endpoints.Select(AppRoutes.Name).ToList();
        foreach (var expected in new[] { "/_blazor", "/_blazor/negotiate", "/hubs/engine", "/hubs/engine/negotiate", "GET /metrics",
                     "GET /healthz", "POST /api/containers/{reference}/start", "POST /v{apiVersion}/containers/{id}/start",
                     "POST /containers/{id}/start", "GET,POST /containers", "POST /api/setup-link", "POST /access/login",
                     "* /api/{**path}", "* /v{apiVersion}/{**rest}" })
            Assert.Contains(names, n => n.EndsWith(" " + expected, StringComparison.Ordinal) || n == expected);
        Assert.Contains(_host.Routes.Endpoints, e => e.DisplayName?.Contains("_framework/blazor.web", StringComparison.Ordinal) == true
            || (e as RouteEndpoint)?.RoutePattern.RawText?.Contains("_framework/blazor.web", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Every_endpoint_declares_who_may_use_it()
    {
        var undeclared = _host.Routes.Endpoints.Where(e => !AppRoutes.DeclaresPolicy(e)).Select(AppRoutes.Name).ToList();
        Assert.True(undeclared.Count == 0,
            "These endpoints declare no policy (RequireRole, RequireUnixSocket, [Authorize] or AllowAnonymous):\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public void Every_state_changing_endpoint_declares_its_audit_action()
    {
        var undeclared = _host.Routes.Endpoints.Where(e => AppRoutes.TakesStateChangingVerb(e) && !AppRoutes.DeclaresAudit(e))
            .Select(AppRoutes.Name).ToList();
        Assert.True(undeclared.Count == 0,
            "These endpoints take POST, PUT, DELETE or PATCH but declare neither .Audited(...) nor .NotAudited(why):\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public void Audited_actions_need_an_operator_or_the_unix_socket()
    {
        var weak = new List<string>();
        foreach (var endpoint in _host.Routes.Endpoints.Where(e => e.Metadata.GetMetadata<Audited>() is not null))
        foreach (var method in AppRoutes.Methods(endpoint) ?? ["POST"])
        {
            var declared = AppRoutes.DeclaredMinimum(endpoint, Request(method, AppRoutes.Path((RouteEndpoint)endpoint), _host.Services));
            if (declared is not (Roles.Operator or Roles.Admin or Roles.Policies.UnixSocket)) weak.Add($"{AppRoutes.Name(endpoint)}: {declared ?? "anyone"}");
        }
        Assert.True(weak.Count == 0, "These audited actions are open to viewers or anyone:\n" + string.Join("\n", weak));
    }

    [Fact]
    public async Task Over_tcp_every_endpoint_refuses_as_it_declares_and_the_socket_is_never_refused()
    {
        await _host.CreateAdminAsync();
        var tokens = new Dictionary<string, string>();
        foreach (var role in Roles.All)
            tokens[role] = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "t-" + role, role, CancellationToken.None));
        using var tcp = _host.Tcp(); // a browser's Origin: the same-origin rule is another test's subject
        using var unix = _host.Unix();
        var failures = new List<string>();
        var checkedRequests = 0;
        foreach (var endpoint in _host.Routes.Endpoints.OfType<RouteEndpoint>())
        foreach (var method in (AppRoutes.Methods(endpoint) ?? ["GET", "POST"]).Where(m => m != "HEAD"))
        {
            var path = AppRoutes.Path(endpoint);
            var (reached, _) = await _host.Routes.ResolveAsync(method, path);
            if (!AppRoutes.Same(reached, endpoint)) continue; // a more specific route answers this address; it is checked itself
            var what = $"{method} {path} ({AppRoutes.Name(endpoint)})";
            if (!AppRoutes.DeclaresPolicy(endpoint))
            {
                failures.Add($"{what}: declares no policy");
                continue;
            }
            var declared = AppRoutes.DeclaredMinimum(endpoint, Request(method, path, _host.Services));
            checkedRequests++;

            var anonymous = await SendAsync(tcp, method, path, token: null, pageLoad: AppRoutes.IsPage(endpoint));
            if (declared is null)
            {
                if (Refused(anonymous)) failures.Add($"{what}: open to anyone, but refused anonymous: {anonymous.Status}");
            }
            else if (declared == Roles.Policies.UnixSocket)
            {
                if (anonymous.Status != HttpStatusCode.Forbidden) failures.Add($"{what}: unix socket only, anonymous got {anonymous.Status}");
            }
            else if (AppRoutes.IsPage(endpoint) && method == "GET")
            {
                if (anonymous.Status != HttpStatusCode.Redirect || !anonymous.Location.StartsWith("/login?returnUrl=", StringComparison.Ordinal))
                    failures.Add($"{what}: an anonymous page load should go to the login form, got {anonymous.Status} {anonymous.Location}");
            }
            else if (anonymous.Status != HttpStatusCode.Unauthorized) failures.Add($"{what}: anonymous should get 401, got {anonymous.Status}");

            if (declared is not null)
                foreach (var role in Roles.All)
                {
                    var answer = await SendAsync(tcp, method, path, tokens[role], pageLoad: false);
                    var allowed = declared != Roles.Policies.UnixSocket && Roles.AtLeast(declared).Contains(role);
                    if (!allowed && answer.Status != HttpStatusCode.Forbidden)
                        failures.Add($"{what}: needs {declared}, a {role} got {answer.Status}");
                    if (allowed && Refused(answer))
                        failures.Add($"{what}: needs {declared}, a {role} was refused: {answer.Status} {answer.Body}");
                }

            var socket = await SendAsync(unix, method, path, token: null, pageLoad: false);
            if (Refused(socket)) failures.Add($"{what}: refused on the unix socket: {socket.Status} {socket.Body}");
        }
        Assert.True(checkedRequests > 100, $"only {checkedRequests} requests were checked");
        output.WriteLine($"{checkedRequests} method and endpoint pairs checked, each anonymously, with each role's token and on the socket");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private sealed record Answer(HttpStatusCode Status, string Location, string Body);

    /// <summary>Refused by access control: 401, or a 403 worded by the refusals (an endpoint's own 403s, such as a
    /// privileged create, need a body these requests do not send).</summary>
    private static bool Refused(Answer answer) => answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    private static HttpContext Request(string method, string path, IServiceProvider services)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Path = path;
        return context;
    }

    private static async Task<Answer> SendAsync(HttpClient client, string method, string path, string? token, bool pageLoad)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (pageLoad) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        if (method is not ("GET" or "HEAD" or "DELETE")) request.Content = new ByteArrayContent([]);
        // Streams (events, stats, logs) send their headers at once and then follow: the status is all this needs.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var body = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? await response.Content.ReadAsStringAsync(timeout.Token) : "";
        return new Answer(response.StatusCode, response.Headers.Location?.OriginalString ?? "", body);
    }
}
