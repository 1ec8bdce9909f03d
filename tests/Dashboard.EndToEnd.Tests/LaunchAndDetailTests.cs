using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Dashboard.EndToEnd.Tests;

/// <summary>
/// The admin launches a CPU-limited busy loop through the form, sees it running in the list, and watches its CPU
/// chart (SVG drawn by wwwroot-assets/charts.js) gain points with the 25 % limit line drawn. Screenshots of the form
/// (with the docker run preview) and of the detail page go to TestResults/screenshots.
/// </summary>
[Trait(TestCategory.Key, TestCategory.Browser)]
public sealed class LaunchAndDetailTests
{
    private const string Name = "e2e-busy";
    // charts.js draws one path per series with the series colour as stroke; the CPU series is the first one.
    private const string CpuLine = "[data-testid=cpu-chart] svg path.dchart-line[stroke='#2563eb']";
    private const string CpuLimitLine = "[data-testid=cpu-chart] svg line.dchart-limit";

    [SkippableFact]
    public async Task Launch_from_form_then_cpu_chart_grows_under_its_limit()
    {
        Prerequisites.Require();
        await using var daemon = await Daemon.StartAsync();
        await using var session = await BrowserSession.LaunchAsync();
        var console = new List<string>();
        var page = await session.NewPageAsync(console);
        try
        {
            await RunAsync(daemon, page);
            lock (console) Assert.DoesNotContain(console, m => m.StartsWith("error", StringComparison.Ordinal));
        }
        catch (Exception)
        {
            await BrowserSession.SaveFailureAsync("launch", daemon, page, console);
            throw;
        }
    }

    private static async Task RunAsync(Daemon daemon, IPage page)
    {
        await BrowserSession.SetUpAdminAsync(daemon, page);

        // Through the navigation, as a person would.
        await page.ClickAsync("[data-testid=nav] a[href='containers/new']");
        await page.WaitForSelectorAsync("[data-testid=launch-form]");
        await page.FillAsync("input[data-testid=launch-name]", Name);
        await page.FillAsync("input[data-testid=launch-command]", "sh -c 'while true; do :; done'");
        await page.FillAsync("input[data-testid=launch-cpus]", "0.25");
        await page.FillAsync("input[data-testid=launch-memory]", "64");
        var preview = page.Locator("[data-testid=launch-preview]");
        await Assertions.Expect(preview).ToContainTextAsync("--memory 64m");
        var line = await preview.InnerTextAsync();
        Assert.Contains($"--name {Name}", line);
        Assert.Contains("--cpus 0.25", line);
        Assert.Contains("--pids-limit 4096", line); // the daemon's default (Engine:DefaultPidsLimit), as the field's placeholder says
        Assert.Equal("4096 (default)", await page.GetAttributeAsync("input[data-testid=launch-pids]", "placeholder"));
        Assert.EndsWith("sh -c 'while true; do :; done'", line.Trim());
        Assert.Equal(0, await page.Locator("[data-testid=launch-errors]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("launch-form.png"), FullPage = true });

        await page.ClickAsync("[data-testid=launch-submit]");
        await page.WaitForURLAsync("**/containers");
        // The live list shows it running (its row follows the engine's watch); its name links to the detail page.
        await Assertions.Expect(page.Locator($"[data-testid=containers-table] [data-testid=status-{Name}]")).ToHaveTextAsync("running");
        await page.ClickAsync($"[data-testid=containers-table] [data-testid=name-{Name}]");
        await page.WaitForURLAsync($"**/containers/{Name}");
        await Assertions.Expect(page.Locator("[data-testid=detail-name]")).ToHaveTextAsync(Name);
        await Assertions.Expect(page.Locator("[data-testid=state-chip]")).ToHaveTextAsync("running");

        // The chart is fed one sample per second (append-only): its CPU path must gain points while we watch.
        await page.WaitForSelectorAsync(CpuLine);
        // The default pids limit is the container's limit, shown beside its PIDs chart.
        await Assertions.Expect(page.Locator("[data-testid=pids-now]")).ToContainTextAsync("of 4096");
        // A limit far above the few processes is named, not drawn, so the scale stays the processes' own.
        await Assertions.Expect(page.Locator("[data-testid=pids-chart] svg .dchart-limit-label")).ToHaveTextAsync("limit 4096 (above the scale)");
        await Assertions.Expect(page.Locator("[data-testid=pids-chart] svg line.dchart-limit")).ToHaveCountAsync(0);
        var before = await PointCountAsync(page);
        await page.WaitForTimeoutAsync(3_500);
        var after = await PointCountAsync(page);
        Assert.True(after >= before + 2, $"the CPU chart went from {before} to {after} points in 3.5 s");

        // 0.25 CPUs is drawn as a 25 % limit line, and the busy loop is held near it.
        await Assertions.Expect(page.Locator(CpuLimitLine)).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=cpu-chart] svg .dchart-limit-label")).ToHaveTextAsync("limit 25 %");
        await Assertions.Expect(page.Locator("[data-testid=cpu-now]")).ToContainTextAsync("of 25 %");
        await Assertions.Expect(page.Locator("[data-testid=mem-now]")).ToContainTextAsync("of 64");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("detail.png"), FullPage = true });
        await Assertions.Expect(page.Locator("[data-testid=cpu-chart] [data-testid=chart-no-data]")).ToHaveCountAsync(0);
        // ... and on the Limits tab.
        await page.ClickAsync("[data-testid=detail-tabs] .mud-tab:has-text('Limits')");
        await Assertions.Expect(page.Locator("[data-testid=limits-current]")).ToContainTextAsync("4096");

        // A container that never ran has no samples: its charts say so instead of showing an empty frame.
        var create = await daemon.Socket.PostAsJsonAsync("/v1.44/containers/create?name=e2e-never-started",
            new { Image = "busybox:latest", Cmd = new[] { "true" } });
        create.EnsureSuccessStatusCode();
        await page.GotoAsync(new Uri(daemon.BaseUrl, "containers/e2e-never-started").ToString());
        await Assertions.Expect(page.Locator("[data-testid=state-chip]")).ToHaveTextAsync("created");
        await Assertions.Expect(page.Locator("[data-testid=cpu-chart] [data-testid=chart-no-data]")).ToHaveTextAsync("No samples in this range");
        await Assertions.Expect(page.Locator("[data-testid=mem-chart] [data-testid=chart-no-data]")).ToHaveCountAsync(1);
    }

    /// <summary>Points on the CPU path: one "M" then one "L" per further point (charts.js draw()).</summary>
    private static Task<int> PointCountAsync(IPage page) =>
        page.EvalOnSelectorAsync<int>(CpuLine, "p => (p.getAttribute('d').match(/[ML]/g) || []).length");
}
