using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Dashboard.EndToEnd.Tests;

/// <summary>
/// Chromium against the real daemon: every page works under the Content-Security-Policy with no violation and no
/// console error (the Events page on a full reload too), and a page served on another port of 127.0.0.1 (same
/// site, so the SameSite=Strict session cookie goes along) cannot use the admin's session to create a container.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Browser)]
public sealed class BrowserSecurityTests
{
    /// <summary>Records every CSP violation of every document the tab loads (sessionStorage outlives navigations).</summary>
    private const string RecordViolations = """
        document.addEventListener('securitypolicyviolation', e => {
          const seen = JSON.parse(sessionStorage.getItem('csp-violations') || '[]');
          seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
          sessionStorage.setItem('csp-violations', JSON.stringify(seen));
        });
        """;

    [SkippableFact]
    public async Task Every_page_works_under_the_content_security_policy()
    {
        Prerequisites.Require();
        await using var daemon = await Daemon.StartAsync();
        await daemon.RunContainerAsync("e2e-csp");
        await using var session = await BrowserSession.LaunchAsync();
        var console = new List<string>();
        var page = await session.NewPageAsync(console);
        await page.Context.AddInitScriptAsync(RecordViolations);
        try
        {
            await BrowserSession.SetUpAdminAsync(daemon, page);
            var pages = new (string Path, string Ready)[]
            {
                ("/containers", "[data-testid=containers-table] >> text=e2e-csp"),
                ("/containers/new", "[data-testid=launch-form]"),
                ("/containers/e2e-csp", "[data-testid=logs]"),
                ("/containers/e2e-csp/inspect", "[data-testid=inspect-json]"),
                ("/containers/e2e-csp/limits", "[data-testid=limits-form]"),
                ("/containers/e2e-csp/events", "[data-testid=events]"),
                ("/containers/e2e-csp/namespaces", "[data-testid=ns-collected]"),
                ("/images", "[data-testid=images-table]"),
                ("/networks", "[data-testid=network-bridge]"),
                ("/events", "[data-testid=live-state]"),
                ("/host", "[data-testid=host-facts]"),
                ("/namespaces", "[data-testid=map-collected]"),
                ("/settings", "[data-testid=users]"),
                ("/audit", "[data-testid=audit-table]"),
            };
            foreach (var (path, ready) in pages)
            {
                // A full load each time (the address bar, a bookmark, a reload): the server answers the page itself.
                var response = await page.GotoAsync(new Uri(daemon.BaseUrl, path).ToString());
                Assert.True(response is { Status: 200 }, $"{path}: {response?.Status}");
                Assert.Contains("script-src 'self'", response!.Headers["content-security-policy"]);
                await page.WaitForSelectorAsync(ready);
            }
            // The Events page once answered 500 on a reload (its address is also Docker's /events).
            await page.GotoAsync(new Uri(daemon.BaseUrl, "/events").ToString());
            await page.WaitForSelectorAsync("[data-testid=live-state]");
            var reloaded = await page.ReloadAsync();
            Assert.Equal(200, reloaded!.Status);
            await page.WaitForSelectorAsync("[data-testid=live-state]");
            // Dark mode rewrites MudBlazor's theme <style>: an inline style the policy must allow.
            await page.ClickAsync("[data-testid=dark-toggle]");
            await page.GotoAsync(new Uri(daemon.BaseUrl, "/containers/e2e-csp").ToString());
            await page.WaitForSelectorAsync("[data-testid=logs]");
            await page.ClickAsync("[data-testid=dark-toggle]");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("csp-detail.png"), FullPage = true });

            var violations = await page.EvaluateAsync<string>("() => sessionStorage.getItem('csp-violations') || '[]'");
            Assert.Equal("[]", violations);
            lock (console)
            {
                Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
                Assert.DoesNotContain(console, m => m.StartsWith("error", StringComparison.Ordinal));
            }
        }
        catch (Exception)
        {
            await BrowserSession.SaveFailureAsync("csp", daemon, page, console);
            throw;
        }
    }

    [SkippableFact]
    public async Task A_page_on_another_port_cannot_create_a_container_with_the_session()
    {
        Prerequisites.Require();
        await using var daemon = await Daemon.StartAsync();
        await using var session = await BrowserSession.LaunchAsync();
        var console = new List<string>();
        var page = await session.NewPageAsync(console);
        using var attacker = AttackerSite.Start(daemon.BaseUrl);
        try
        {
            await BrowserSession.SetUpAdminAsync(daemon, page); // the admin is signed in in this browser

            // The attacker's page, opened in the same browser: a text/plain form post (no CORS preflight) to the Docker
            // API, and a no-cors fetch with credentials to the native API.
            await page.GotoAsync(attacker.Url);
            // Waited for until the navigation commits and then for its text, not for the load event: under load the
            // refusal page was shown (screenshot) while waiting for "load" timed out once.
            await page.WaitForURLAsync(new Uri(daemon.BaseUrl, "/v1.44/containers/create?name=pwned-form").ToString(),
                new() { WaitUntil = WaitUntilState.Commit });
            await page.WaitForSelectorAsync("text=Cross-origin request refused");
            await attacker.FetchFinished.Task.WaitAsync(TimeSpan.FromSeconds(20));

            var all = await daemon.Socket.GetStringAsync("/containers/json?all=1");
            Assert.DoesNotContain("pwned", all);

            // The session itself is intact: the dashboard still works from its own origin.
            await page.GotoAsync(new Uri(daemon.BaseUrl, "/containers").ToString());
            await page.WaitForSelectorAsync("[data-testid=containers-table]");
        }
        catch (Exception)
        {
            await BrowserSession.SaveFailureAsync("csrf", daemon, page, console);
            throw;
        }
    }

    /// <summary>A hostile page on another port of 127.0.0.1 (same site as the dashboard, another origin).</summary>
    private sealed class AttackerSite : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Uri _target;

        public string Url { get; }
        public TaskCompletionSource FetchFinished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private AttackerSite(Uri target)
        {
            _target = target;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = ServeAsync();
        }

        public static AttackerSite Start(Uri target) => new(target);

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                if (context.Request.Url!.AbsolutePath == "/done") FetchFinished.TrySetResult();
                var html = context.Request.Url.AbsolutePath == "/" ? Page() : "ok";
                var bytes = Encoding.UTF8.GetBytes(html);
                context.Response.ContentType = "text/html";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        private string Page()
        {
            var docker = new Uri(_target, "/v1.44/containers/create?name=pwned-form");
            var native = new Uri(_target, "/api/containers");
            // text/plain form encoding sends name=value: the name carries the JSON, the value closes a dummy field.
            // Sent as {"Image":"busybox","HostConfig":{"Binds":["/:/host"]},"x":"y="} (valid JSON).
            var field = WebUtility.HtmlEncode("{\"Image\":\"busybox\",\"HostConfig\":{\"Binds\":[\"/:/host\"]},\"x\":\"y");
            var fetchBody = JsonSerializer.Serialize(new { image = "busybox", name = "pwned-fetch", binds = new[] { "/:/host" } });
            return $$"""
                <!DOCTYPE html><html><body>
                <form id="f" method="POST" action="{{docker}}" enctype="text/plain"><input name="{{field}}" value='"}'></form>
                <script>
                  fetch("{{native}}", { method: "POST", mode: "no-cors", credentials: "include",
                      headers: { "Content-Type": "text/plain" }, body: {{JsonSerializer.Serialize(fetchBody)}} })
                    .catch(() => {})
                    .finally(() => fetch("/done").finally(() => document.getElementById("f").submit()));
                </script>
                </body></html>
                """;
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }
}
