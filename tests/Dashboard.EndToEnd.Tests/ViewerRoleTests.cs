using Microsoft.Playwright;

namespace Dashboard.EndToEnd.Tests;

/// <summary>
/// A viewer created on the Settings page logs in with a fresh browser context: no Launch link, no New container
/// button, and /containers/new shows the role notice instead of the form.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Browser)]
public sealed class ViewerRoleTests
{
    private const string ViewerPassword = "e2e-viewer-password";

    [SkippableFact]
    public async Task Viewer_sees_no_launch_and_is_refused_the_form()
    {
        Prerequisites.Require();
        await using var daemon = await Daemon.StartAsync();
        await daemon.RunContainerAsync("e2e-seen");
        await using var session = await BrowserSession.LaunchAsync();
        var console = new List<string>();
        var admin = await session.NewPageAsync(console);
        IPage? viewer = null;
        try
        {
            await BrowserSession.SetUpAdminAsync(daemon, admin);
            // The admin does see both ways to launch.
            await Assertions.Expect(admin.Locator("[data-testid=new-container]")).ToBeVisibleAsync();
            await Assertions.Expect(admin.Locator("[data-testid=nav] a[href='containers/new']")).ToBeVisibleAsync();

            await admin.ClickAsync("[data-testid=nav] a[href=settings]");
            await admin.FillAsync("input[data-testid=new-user-name]", "watcher");
            await admin.FillAsync("input[data-testid=new-user-password]", ViewerPassword);
            await admin.ClickAsync("[data-testid=create-user]"); // the role picker defaults to viewer
            await Assertions.Expect(admin.Locator("[data-testid=users]")).ToContainTextAsync("User 'watcher' created.");

            viewer = await session.NewPageAsync(console);
            await BrowserSession.LogInAsync(daemon, viewer, "watcher", ViewerPassword);
            Assert.Equal("watcher (viewer)", (await viewer.InnerTextAsync("[data-testid=current-user]")).Trim());
            await Assertions.Expect(viewer.Locator("[data-testid=containers-table]")).ToContainTextAsync("e2e-seen");
            await Assertions.Expect(viewer.Locator("[data-testid=nav] a[href=containers]")).ToBeVisibleAsync();
            await Assertions.Expect(viewer.Locator("[data-testid=nav] a[href='containers/new']")).ToHaveCountAsync(0);
            await Assertions.Expect(viewer.Locator("[data-testid=nav]")).Not.ToContainTextAsync("Launch");
            await Assertions.Expect(viewer.Locator("[data-testid=new-container]")).ToHaveCountAsync(0);

            // Inside the open app (Blazor's router, as a typed link would go): the role notice, not the form.
            await viewer.EvaluateAsync("() => Blazor.navigateTo('/containers/new')");
            await viewer.WaitForURLAsync("**/containers/new");
            await Assertions.Expect(viewer.GetByText("Your role does not allow this page.")).ToBeVisibleAsync();
            await AssertNoFormAsync(viewer);
            await viewer.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("viewer-refused.png"), FullPage = true });

            // A full page load is refused by the server's authorization before anything renders; the viewer lands on a
            // notice that names the page and the role (still signed in), not on the login form.
            await viewer.GotoAsync(new Uri(daemon.BaseUrl, "/containers/new").ToString());
            await viewer.WaitForURLAsync("**/forbidden?ReturnUrl=*");
            await Assertions.Expect(viewer.Locator("[data-testid=forbidden]")).ToContainTextAsync("Your role does not allow this page.");
            await Assertions.Expect(viewer.Locator("[data-testid=forbidden-detail]")).ToContainTextAsync("watcher (viewer); /containers/new needs");
            Assert.Equal("watcher (viewer)", (await viewer.InnerTextAsync("[data-testid=current-user]")).Trim());
            await AssertNoFormAsync(viewer);
            lock (console) Assert.DoesNotContain(console, m => m.StartsWith("error", StringComparison.Ordinal));
        }
        catch (Exception)
        {
            await BrowserSession.SaveFailureAsync("viewer", daemon, viewer ?? admin, console);
            throw;
        }
    }

    private static async Task AssertNoFormAsync(IPage page)
    {
        Assert.Equal(0, await page.Locator("[data-testid=launch-form]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=launch-submit]").CountAsync());
        Assert.DoesNotContain("launch-preview", await page.ContentAsync());
    }
}
