using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Playwright;

namespace Dashboard.EndToEnd.Tests;

/// <summary>
/// Networks in the browser against the real daemon (netavark, a bridge and subnet pool of the test daemon's own):
/// a container launched from the form with a published port answers from the host and its page links to it; the
/// Networks page creates a network, follows a container joining it, refuses to remove it while in use and removes it
/// after. Screenshots (the form's ports editor, the container's network panel, the Networks page) go to
/// TestResults/screenshots.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Browser)]
public sealed class NetworksTests
{
    private static void Require()
    {
        Prerequisites.Require();
        TestSupport.Prerequisites.Require(TestSupport.Prerequisites.Networks(), "container networks");
    }

    [SkippableFact]
    public async Task A_port_published_from_the_launch_form_answers_from_the_host_and_is_linked_on_the_container_page()
    {
        Require();
        await using var daemon = await Daemon.StartAsync();
        await using var session = await BrowserSession.LaunchAsync();
        var console = new List<string>();
        var page = await session.NewPageAsync(console);
        try
        {
            await BrowserSession.SetUpAdminAsync(daemon, page);
            await page.ClickAsync("[data-testid=nav] a[href='containers/new']");
            await page.WaitForSelectorAsync("[data-testid=launch-form]");
            await page.FillAsync("input[data-testid=launch-name]", "e2e-httpd");
            await page.FillAsync("input[data-testid=launch-command]", "sh -c 'mkdir -p /www && echo hello-e2e > /www/index.html && exec httpd -f -p 80 -h /www'");

            // A bad box first: its message is under it and the button waits.
            await page.ClickAsync("[data-testid=launch-port-add]");
            await page.FillAsync("input[data-testid=launch-port-container-0]", "70000");
            await Assertions.Expect(page.Locator("[data-testid=error-port-0-container]")).ToContainTextAsync("must be a number from 1 to 65535");
            await Assertions.Expect(page.Locator("[data-testid=launch-submit]")).ToBeDisabledAsync();

            var port = FreePort();
            await page.FillAsync("input[data-testid=launch-port-hostip-0]", "127.0.0.1");
            await page.FillAsync("input[data-testid=launch-port-host-0]", port.ToString());
            await page.FillAsync("input[data-testid=launch-port-container-0]", "80");
            await Assertions.Expect(page.Locator("[data-testid=launch-preview]")).ToContainTextAsync($"-p 127.0.0.1:{port}:80 ");
            await Assertions.Expect(page.Locator("[data-testid^=error-port-]")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("launch-ports.png"), FullPage = true });

            await page.ClickAsync("[data-testid=launch-submit]");
            await page.WaitForURLAsync("**/containers");
            Assert.Equal("hello-e2e\n", await GetAsync($"http://127.0.0.1:{port}/"));

            await page.GotoAsync(new Uri(daemon.BaseUrl, "containers/e2e-httpd").ToString());
            await Assertions.Expect(page.Locator("[data-testid=detail-network-mode]")).ToHaveTextAsync("bridge");
            await Assertions.Expect(page.Locator("[data-testid=detail-ip-bridge]")).ToContainTextAsync("/24");
            var link = page.Locator("[data-testid=detail-port-link]");
            await Assertions.Expect(link).ToHaveAttributeAsync("href", $"http://127.0.0.1:{port}/");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("detail-network.png"), FullPage = true });

            // The namespace inspector, read from the real netns: eth0's host end is on the daemon's bridge, and httpd's
            // socket on port 80 is reached from the published host port.
            var bridge = (await daemon.Socket.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1.44/networks/bridge"))
                .GetProperty("Options").GetProperty("com.docker.network.bridge.name").GetString()!;
            await page.GotoAsync(new Uri(daemon.BaseUrl, "containers/e2e-httpd/namespaces").ToString());
            await Assertions.Expect(page.Locator("[data-testid=iface-peer-eth0]")).ToContainTextAsync($"on bridge {bridge}");
            await Assertions.Expect(page.Locator("[data-testid=iface-peer-eth0]")).ToContainTextAsync("veth");
            await Assertions.Expect(page.Locator("[data-testid=socket-published-tcp-80], [data-testid=socket-published-tcp6-80]").First)
                .ToContainTextAsync($"127.0.0.1:{port}");
            await page.Locator("[data-testid=ns-net]").ScreenshotAsync(new LocatorScreenshotOptions { Path = BrowserSession.Shot("namespaces-network.png") });

            // The host map: the bridge with the container on it.
            await page.GotoAsync(new Uri(daemon.BaseUrl, "namespaces").ToString());
            var onBridge = page.Locator("[data-testid=map-bridge-bridge]");
            await Assertions.Expect(onBridge).ToContainTextAsync(bridge);
            await Assertions.Expect(onBridge.Locator("[data-testid=map-bridge-member-e2e-httpd] a")).ToHaveAttributeAsync("href", "/containers/e2e-httpd/namespaces");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("namespaces-bridges.png"), FullPage = true });
            lock (console) Assert.DoesNotContain(console, m => m.StartsWith("error", StringComparison.Ordinal));
        }
        catch (Exception)
        {
            await BrowserSession.SaveFailureAsync("launch-port", daemon, page, console);
            throw;
        }
    }

    [SkippableFact]
    public async Task The_networks_page_creates_follows_members_and_refuses_to_remove_a_network_in_use()
    {
        Require();
        await using var daemon = await Daemon.StartAsync();
        await using var session = await BrowserSession.LaunchAsync();
        var console = new List<string>();
        var page = await session.NewPageAsync(console);
        try
        {
            await BrowserSession.SetUpAdminAsync(daemon, page);
            await page.ClickAsync("[data-testid=nav] a[href='networks']");
            await page.WaitForSelectorAsync("[data-testid=network-bridge]");

            // The engine's refusal at the field: host bits in the subnet.
            await page.FillAsync("input[data-testid=network-name]", "e2e-net");
            await page.FillAsync("input[data-testid=network-subnet]", "10.250.3.7/24");
            await page.ClickAsync("[data-testid=network-create-submit]");
            await Assertions.Expect(page.Locator("[data-testid=error-network-Subnet]")).ToContainTextAsync("did you mean 10.250.3.0/24?");

            await page.FillAsync("input[data-testid=network-subnet]", ""); // a free /24 of the daemon's pool
            await page.ClickAsync("[data-testid=network-create-submit]");
            await Assertions.Expect(page.Locator("[data-testid=networks-message]")).ToContainTextAsync("Created network e2e-net");
            await Assertions.Expect(page.Locator("[data-testid=network-e2e-net]")).ToHaveCountAsync(1);

            // A container joins it (through the API): the page follows, with a link to the container.
            var create = await daemon.Socket.PostAsJsonAsync("/v1.44/containers/create?name=e2e-member",
                new { Image = "busybox:latest", Cmd = new[] { "sleep", "300" }, HostConfig = new { NetworkMode = "e2e-net" } });
            create.EnsureSuccessStatusCode();
            (await daemon.Socket.PostAsync("/v1.44/containers/e2e-member/start", null)).EnsureSuccessStatusCode();
            var members = page.Locator("[data-testid=network-members-e2e-net] a");
            await Assertions.Expect(members).ToHaveTextAsync("e2e-member");
            await Assertions.Expect(members).ToHaveAttributeAsync("href", "containers/e2e-member");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("networks.png"), FullPage = true });

            await page.ClickAsync("[data-testid=network-remove-e2e-net]");
            await page.ClickAsync("[data-testid=network-remove-confirm]");
            await Assertions.Expect(page.Locator("[data-testid=networks-error]")).ToContainTextAsync("has active endpoints");

            (await daemon.Socket.DeleteAsync("/v1.44/containers/e2e-member?force=1")).EnsureSuccessStatusCode();
            await Assertions.Expect(page.Locator("[data-testid=network-members-e2e-net]")).ToContainTextAsync("none running");
            await page.ClickAsync("[data-testid=network-remove-e2e-net]");
            await page.ClickAsync("[data-testid=network-remove-confirm]");
            await Assertions.Expect(page.Locator("[data-testid=network-e2e-net]")).ToHaveCountAsync(0);
            var left = await daemon.Socket.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1.44/networks");
            Assert.Equal(["bridge"], left.EnumerateArray().Select(n => n.GetProperty("Name").GetString()));
            lock (console) Assert.DoesNotContain(console, m => m.StartsWith("error", StringComparison.Ordinal));
        }
        catch (Exception)
        {
            await BrowserSession.SaveFailureAsync("networks", daemon, page, console);
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An HTTP GET from the host, retried briefly while httpd starts.</summary>
    private static async Task<string> GetAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        Exception? last = null;
        for (var i = 0; i < 50; i++)
        {
            try { return await http.GetStringAsync(url); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { last = e; await Task.Delay(100); }
        }
        throw new InvalidOperationException($"GET {url} never answered", last);
    }
}
