using Microsoft.Playwright;

namespace Dashboard.EndToEnd.Tests;

/// <summary>
/// A memory hog launched from the form (--memory 32m) is killed by the kernel: the open page shows the OOM
/// notification (Components/Alerts, placed once in the layout) and the detail page shows the OOMKilled badge.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Browser)]
public sealed class OomAlertTests
{
    private const string Name = "e2e-hog";

    [SkippableFact]
    public async Task Memory_hog_from_the_form_raises_the_oom_alert_and_detail_shows_oomkilled()
    {
        Prerequisites.Require();
        await using var daemon = await Daemon.StartAsync();
        await using var session = await BrowserSession.LaunchAsync();
        var console = new List<string>();
        var page = await session.NewPageAsync(console);
        try
        {
            await BrowserSession.SetUpAdminAsync(daemon, page);
            await page.ClickAsync("[data-testid=nav] a[href='containers/new']");
            await page.WaitForSelectorAsync("[data-testid=launch-form]");
            await page.FillAsync("input[data-testid=launch-name]", Name);
            await page.FillAsync("input[data-testid=launch-command]", "sh -c 'x=a; while true; do x=$x$x; done'");
            await page.FillAsync("input[data-testid=launch-memory]", "32");
            await Assertions.Expect(page.Locator("[data-testid=launch-preview]")).ToContainTextAsync("--memory 32m");
            await page.ClickAsync("[data-testid=launch-submit]");

            // The page that is open when the kernel kills the hog (the list, after create) shows the alert.
            var alert = page.Locator("[data-testid=oom-alert]");
            await Assertions.Expect(alert).ToContainTextAsync($"Out of memory in {Name}", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("oom-alert.png"), FullPage = true });

            await alert.GetByRole(AriaRole.Link).ClickAsync();
            await page.WaitForURLAsync($"**/containers/{Name}");
            await Assertions.Expect(page.Locator("[data-testid=oom-badge]")).ToHaveTextAsync("OOMKilled");
            await Assertions.Expect(page.Locator("[data-testid=state-chip]")).ToHaveTextAsync("exited");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("oom-detail.png"), FullPage = true });
            lock (console) Assert.DoesNotContain(console, m => m.StartsWith("error", StringComparison.Ordinal));
        }
        catch (Exception)
        {
            await BrowserSession.SaveFailureAsync("oom", daemon, page, console);
            throw;
        }
    }
}
