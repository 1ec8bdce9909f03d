using Microsoft.Playwright;

// Each browser test starts its own daemon and Chromium; on 2 shared cores running them one at a time keeps the
// timing-sensitive checks (charts gaining points, OOM alerts) honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Dashboard.EndToEnd.Tests;

/// <summary>
/// Debian's Chromium (the same flags as <see cref="FirstRunTests"/>) plus the helpers the launch/detail/role tests
/// share: first-run admin setup through the printed link, login, and failure evidence in the screenshots folder.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string AdminPassword = "e2e-admin-password";

    private readonly IPlaywright _playwright;

    public IBrowser Browser { get; }

    private BrowserSession(IPlaywright playwright, IBrowser browser) => (_playwright, Browser) = (playwright, browser);

    public static async Task<BrowserSession> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Prerequisites.Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>A fresh context (own cookies) with one page; console lines are collected into <paramref name="console"/>.
    /// <paramref name="permissions"/>: what the page may use without asking (e.g. "clipboard-read").</summary>
    public async Task<IPage> NewPageAsync(List<string> console, IEnumerable<string>? permissions = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Permissions = permissions,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        page.Console += (_, m) => { lock (console) console.Add($"{m.Type}: {m.Text}"); };
        return page;
    }

    /// <summary>Creates the admin through the one-use setup link; ends on the Containers page.</summary>
    public static async Task SetUpAdminAsync(Daemon daemon, IPage page)
    {
        await page.GotoAsync(daemon.SetupLink.ToString());
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", AdminPassword);
        await page.FillAsync("#confirmPassword", AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=containers-table]");
    }

    public static async Task LogInAsync(Daemon daemon, IPage page, string user, string password)
    {
        await page.GotoAsync(new Uri(daemon.BaseUrl, "/login").ToString());
        await page.FillAsync("#userName", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=containers-table]");
    }

    public static string Shot(string name) => Path.Combine(FirstRunTests.ScreenshotDirectory, name);

    /// <summary>Leaves what the browser showed, its console and the daemon's log next to the screenshots.</summary>
    public static async Task SaveFailureAsync(string testName, Daemon daemon, IPage page, List<string> console)
    {
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"failure-{testName}.png"), FullPage = true });
            string lines;
            lock (console) lines = string.Join("\n", console);
            await File.WriteAllTextAsync(Shot($"failure-{testName}.txt"),
                $"URL: {page.Url}\n\nConsole:\n{lines}\n\nHTML:\n{await page.ContentAsync()}\n\nDaemon log:\n{daemon.Log}");
        }
        catch (PlaywrightException) { /* the page may be gone; the original failure matters more */ }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
