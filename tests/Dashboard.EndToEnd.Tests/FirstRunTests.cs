using Microsoft.Playwright;

namespace Dashboard.EndToEnd.Tests;

/// <summary>
/// Chromium against the real daemon: the printed setup link creates the admin, who sees the Containers list, logs
/// out and in again. Screenshots of the login and Containers pages go to TestResults/screenshots.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Browser)]
public sealed class FirstRunTests
{
    private const string Password = "e2e-admin-password";

    public static string ScreenshotDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("DASH_E2E_RESULTS")
                ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots");
            return Directory.CreateDirectory(Path.GetFullPath(dir)).FullName;
        }
    }

    [SkippableFact]
    public async Task Setup_link_login_containers_and_logout_in_chromium()
    {
        Prerequisites.Require();
        await using var daemon = await Daemon.StartAsync();
        await daemon.RunContainerAsync("e2e-web");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Prerequisites.Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        var console = new List<string>();
        page.Console += (_, m) => { lock (console) console.Add($"{m.Type}: {m.Text}"); };
        try
        {
            await RunAsync(daemon, context, page);
            lock (console) Assert.DoesNotContain(console, m => m.StartsWith("error", StringComparison.Ordinal));
        }
        catch (Exception)
        {
            // Leave evidence: what the browser showed, its console, and the daemon's log.
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "failure.png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(ScreenshotDirectory, "failure.txt"),
                $"URL: {page.Url}\n\nConsole:\n{string.Join("\n", console)}\n\nHTML:\n{await page.ContentAsync()}\n\nDaemon log:\n{daemon.Log}");
            throw;
        }
    }

    private static async Task RunAsync(Daemon daemon, IBrowserContext context, IPage page)
    {

        // Not logged in: every page sends us to the login form.
        await page.GotoAsync(new Uri(daemon.BaseUrl, "/settings").ToString());
        Assert.Contains("/login", page.Url);

        // First run: the setup link creates the admin and logs them in.
        await page.GotoAsync(daemon.SetupLink.ToString());
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirmPassword", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=containers-table] >> text=e2e-web");
        Assert.Equal("admin (admin)", (await page.InnerTextAsync("[data-testid=current-user]")).Trim());

        // The link was for one use.
        var again = await context.NewPageAsync();
        await again.GotoAsync(daemon.SetupLink.ToString());
        await again.WaitForSelectorAsync("[data-testid=setup-invalid]");
        await again.CloseAsync();

        // Log out, then log in through the form.
        await page.ClickAsync("[data-testid=logout]");
        await page.WaitForURLAsync("**/login");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "login.png"), FullPage = true });
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=containers-table] >> text=e2e-web");
        await page.WaitForSelectorAsync("[data-testid=containers-table] >> text=running");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "containers.png"), FullPage = true });

        // Admin pages are linked and open.
        await page.ClickAsync("a[href=settings]");
        await page.WaitForSelectorAsync("[data-testid=users] >> text=admin");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "settings.png"), FullPage = true });

        // Phone width: the layout still shows the table.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(new Uri(daemon.BaseUrl, "/containers").ToString());
        await page.WaitForSelectorAsync("[data-testid=containers-table] >> text=e2e-web");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "containers-phone.png"), FullPage = true });

        // Dark mode persists in this browser.
        await page.ClickAsync("[data-testid=dark-toggle]");
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("[data-testid=containers-table]");
        Assert.Equal("true", await page.EvaluateAsync<string>("() => localStorage.getItem('dashboard.darkMode')"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, "containers-phone-dark.png"), FullPage = true });
        await page.ClickAsync("[data-testid=dark-toggle]");

        // Logging out in another tab ends this tab's open circuit too: it is sent to the login page.
        var other = await context.NewPageAsync();
        await other.GotoAsync(new Uri(daemon.BaseUrl, "/containers").ToString());
        await other.WaitForSelectorAsync("[data-testid=containers-table]");
        await other.ClickAsync("[data-testid=logout]");
        await other.WaitForURLAsync("**/login");
        await page.WaitForURLAsync("**/login**", new PageWaitForURLOptions { Timeout = 15_000 });
        await other.CloseAsync();
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=containers-table] >> text=e2e-web");

        // After logging out the old pages are gone.
        await page.ClickAsync("[data-testid=logout]");
        await page.WaitForURLAsync("**/login");
        await page.GotoAsync(new Uri(daemon.BaseUrl, "/containers").ToString());
        Assert.Contains("/login", page.Url);
    }
}
