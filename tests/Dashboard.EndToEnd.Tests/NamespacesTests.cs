using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Dashboard.EndToEnd.Tests;

/// <summary>
/// The admin opens a running container's Namespaces tab and sees what the kernel says: the net inode that
/// readlink /proc/HOSTPID/ns/net gives for the pid docker inspect reports, and PID 1 mapped to that host pid; the map
/// page lists the container. An operator gets no tab, no map link, and is told so at both addresses.
/// Needs the real INamespaceInspector registered in the daemon (issue 5's engine part).
/// </summary>
[Trait(TestCategory.Key, TestCategory.Browser)]
public sealed class NamespacesTests
{
    private const string Name = "e2e-ns";
    private const string OperatorPassword = "e2e-operator-password";
    private const string Refused = "Namespaces are for admins only";

    [SkippableFact]
    public async Task Admin_sees_the_containers_namespaces_and_an_operator_is_refused()
    {
        Prerequisites.Require();
        await using var daemon = await Daemon.StartAsync();
        var id = await daemon.RunContainerAsync(Name);
        var inspect = await daemon.Socket.GetFromJsonAsync<JsonElement>($"/v1.44/containers/{id}/json");
        var hostPid = inspect.GetProperty("State").GetProperty("Pid").GetInt32();
        Assert.True(hostPid > 0, "docker inspect reports no pid for the running container");
        var netLink = new FileInfo($"/proc/{hostPid}/ns/net").LinkTarget; // "net:[4026532281]"
        Assert.NotNull(netLink);

        await using var session = await BrowserSession.LaunchAsync();
        var console = new List<string>();
        var admin = await session.NewPageAsync(console);
        IPage? operatorPage = null;
        try
        {
            await BrowserSession.SetUpAdminAsync(daemon, admin);
            await AdminSeesNamespacesAsync(admin, hostPid, netLink);
            await CreateOperatorAsync(admin);

            operatorPage = await session.NewPageAsync(console);
            await BrowserSession.LogInAsync(daemon, operatorPage, "olga", OperatorPassword);
            await OperatorIsRefusedAsync(daemon, operatorPage);
            lock (console) Assert.DoesNotContain(console, m => m.StartsWith("error", StringComparison.Ordinal));
        }
        catch (Exception)
        {
            await BrowserSession.SaveFailureAsync("namespaces", daemon, operatorPage ?? admin, console);
            throw;
        }
    }

    private static async Task AdminSeesNamespacesAsync(IPage page, int hostPid, string netLink)
    {
        await page.ClickAsync($"[data-testid=containers-table] [data-testid=name-{Name}]");
        await page.WaitForURLAsync($"**/containers/{Name}");
        await page.ClickAsync("[data-testid=detail-tabs] .mud-tab:has-text('Namespaces')");
        // The tab replaces the address in place (no navigation, no load event to wait for), so poll the URL.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/containers/{Name}/namespaces$"));

        await Assertions.Expect(page.Locator("[data-testid=inode-net]")).ToHaveTextAsync(netLink);
        await Assertions.Expect(page.Locator("[data-testid=ns-collected]")).ToContainTextAsync($"host PID {hostPid}");
        var pid1 = page.Locator("[data-testid=ns-pid] tr", new() { Has = page.Locator("[data-testid=pid1-mark]") });
        await Assertions.Expect(pid1).ToHaveCountAsync(1);
        await Assertions.Expect(pid1.Locator("[data-testid=pid-1]")).ToHaveTextAsync("1");
        await Assertions.Expect(pid1.Locator("[data-testid=hostpid-1]")).ToHaveTextAsync(hostPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(pid1).ToContainTextAsync("sleep 300");
        await Assertions.Expect(page.Locator("[data-testid=iface-lo]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("namespaces-tab.png"), FullPage = true });

        // The tab's address opens it directly, and the map lists the container under its own net namespace.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=inode-net]")).ToHaveTextAsync(netLink);
        await Assertions.Expect(page.Locator("[data-testid=detail-tabs] .mud-tab-active")).ToHaveTextAsync("Namespaces");

        // Dark mode on a phone, for the screenshots: the tables fold into labelled cards.
        await page.ClickAsync("[data-testid=dark-toggle]");
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(page.Locator("[data-testid=inode-net]")).ToHaveTextAsync(netLink);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("namespaces-phone-dark.png"), FullPage = true });
        await page.SetViewportSizeAsync(1280, 900);
        await page.ClickAsync("[data-testid=dark-toggle]");
        await page.ClickAsync("[data-testid=nav] a[href=namespaces]");
        await page.WaitForURLAsync("**/namespaces");
        await Assertions.Expect(page.Locator("[data-testid=map-net]")).ToContainTextAsync(Name);
        await Assertions.Expect(page.Locator($"[data-testid=map-net] a[title='{netLink}']")).ToHaveTextAsync(Name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("namespaces-map.png"), FullPage = true });
    }

    private static async Task CreateOperatorAsync(IPage page)
    {
        await page.ClickAsync("[data-testid=nav] a[href=settings]");
        await page.FillAsync("input[data-testid=new-user-name]", "olga");
        await page.FillAsync("input[data-testid=new-user-password]", OperatorPassword);
        // MudSelect: its combobox opens a list in a popover; pick the item there.
        await page.ClickAsync("[data-testid=new-user-role]");
        await page.ClickAsync(".mud-popover-open .mud-list-item:has-text('operator')");
        await Assertions.Expect(page.Locator("[data-testid=new-user-role]")).ToHaveTextAsync("operator");
        await page.ClickAsync("[data-testid=create-user]");
        await Assertions.Expect(page.Locator("[data-testid=users]")).ToContainTextAsync("User 'olga' created.");
    }

    private static async Task OperatorIsRefusedAsync(Daemon daemon, IPage page)
    {
        Assert.Equal("olga (operator)", (await page.InnerTextAsync("[data-testid=current-user]")).Trim());
        await Assertions.Expect(page.Locator("[data-testid=nav] a[href=namespaces]")).ToHaveCountAsync(0);

        await page.ClickAsync($"[data-testid=containers-table] [data-testid=name-{Name}]");
        await page.WaitForURLAsync($"**/containers/{Name}");
        // Logs, Inspect, Limits, Events and (an operator's) Terminal.
        await Assertions.Expect(page.Locator("[data-testid=detail-tabs] .mud-tab")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("[data-testid=detail-tabs]")).ToContainTextAsync("Terminal");
        await Assertions.Expect(page.Locator("[data-testid=detail-tabs]")).Not.ToContainTextAsync("Namespaces");

        // Inside the open app, as a typed link would go, and as a full page load: the refusal, not the tab.
        await page.EvaluateAsync($"() => Blazor.navigateTo('/containers/{Name}/namespaces')");
        await page.WaitForURLAsync($"**/containers/{Name}/namespaces");
        await Assertions.Expect(page.Locator("[data-testid=ns-refused]")).ToContainTextAsync(Refused);
        Assert.Equal(0, await page.Locator("[data-testid=inode-net]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("namespaces-refused.png"), FullPage = true });

        await page.GotoAsync(new Uri(daemon.BaseUrl, $"/containers/{Name}/namespaces").ToString());
        await Assertions.Expect(page.Locator("[data-testid=ns-refused]")).ToContainTextAsync(Refused);
        await Assertions.Expect(page.Locator("[data-testid=detail-tabs] .mud-tab")).ToHaveCountAsync(5);
        Assert.Equal(0, await page.Locator("[data-testid=inode-net]").CountAsync());

        // The map page is admin-only: the router's notice inside the app, the server's forbidden page on a full load.
        await page.EvaluateAsync("() => Blazor.navigateTo('/namespaces')");
        await page.WaitForURLAsync("**/namespaces");
        await Assertions.Expect(page.GetByText("Your role does not allow this page.")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=map-refresh]").CountAsync());
        await page.GotoAsync(new Uri(daemon.BaseUrl, "/namespaces").ToString());
        await page.WaitForURLAsync("**/forbidden?ReturnUrl=*");
        await Assertions.Expect(page.Locator("[data-testid=forbidden-detail]")).ToContainTextAsync("olga (operator); /namespaces needs");
        Assert.Equal(0, await page.Locator("[data-testid=map-refresh]").CountAsync());
    }
}
