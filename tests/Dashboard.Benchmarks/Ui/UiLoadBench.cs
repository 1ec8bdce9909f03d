using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace Dashboard.Benchmarks.Ui;

/// <summary>
/// Issue 4 "Speed" against a running daemon (tests/bench/ui-load.sh starts it with N containers): the daemon's CPU
/// with no page open, then first renders of /containers (median), then the daemon's CPU with one Containers page
/// open and with one container detail page open. Results go to stdout as `key value` lines; progress to stderr.
/// </summary>
public static class UiLoadBench
{
    private const string Password = "bench-admin-password";
    // LiveContainers' MudTable shows 50 rows a page: the first page is what a first render must show.
    private const int PageSize = 50;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var a = UiLoadArguments.Parse(args);
        var cpu = new ProcessCpu(a.DaemonPid);
        var window = TimeSpan.FromSeconds(a.CpuSeconds);
        var baseUrl = new Uri(a.SetupLink.GetLeftPart(UriPartial.Authority));

        // Baseline before any browser exists: no circuit has ever been opened.
        Progress($"baseline: daemon CPU over {a.CpuSeconds} s, no page open");
        Report("baseline_load", LoadAverage());
        Report("baseline_cpu", Format(await cpu.PercentOfOneCoreAsync(window, cancellationToken)));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = a.Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(30_000);
        var rowsWanted = Math.Min(a.ExpectedRows, PageSize);
        var containers = new Uri(baseUrl, "/containers").ToString();

        // First run: the setup link creates the admin and logs this browser context in.
        Progress("creating the admin through the setup link");
        var setup = await context.NewPageAsync();
        await setup.GotoAsync(a.SetupLink.ToString());
        await setup.FillAsync("#userName", "admin");
        await setup.FillAsync("#password", Password);
        await setup.FillAsync("#confirmPassword", Password);
        await setup.ClickAsync("button[type=submit]");
        await WaitForRowsAsync(setup, rowsWanted);
        await LeaveAsync(setup);

        // (a) first render: navigation start until the first page of rows is in the DOM, each in a fresh tab.
        var samples = new List<double>();
        for (var i = 0; i < a.Loads; i++)
        {
            var page = await context.NewPageAsync();
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(containers);
            var rows = await WaitForRowsAsync(page, rowsWanted);
            samples.Add(clock.Elapsed.TotalSeconds);
            Progress($"  load {i + 1}: {samples[^1]:F3} s, {rows} rows");
            await LeaveAsync(page);
        }
        Report("load_seconds", string.Join(' ', samples.Select(s => Format(s, "F3"))));
        Report("load_median", Format(Median(samples), "F3"));
        Report("rows_wanted", rowsWanted.ToString(CultureInfo.InvariantCulture));

        // (b) one open page at a time, settled, then one CPU window.
        var list = await context.NewPageAsync();
        await list.GotoAsync(containers);
        await WaitForRowsAsync(list, rowsWanted);
        await Task.Delay(TimeSpan.FromSeconds(a.SettleSeconds), cancellationToken);
        Progress($"containers page open: daemon CPU over {a.CpuSeconds} s");
        Report("containers_load", LoadAverage());
        Report("containers_cpu", Format(await cpu.PercentOfOneCoreAsync(window, cancellationToken)));
        await LeaveAsync(list);

        var detail = await context.NewPageAsync();
        await detail.GotoAsync(new Uri(baseUrl, $"/containers/{Uri.EscapeDataString(a.DetailName)}").ToString());
        await detail.WaitForSelectorAsync("[data-testid=cpu-chart]");
        await Task.Delay(TimeSpan.FromSeconds(a.SettleSeconds), cancellationToken);
        Progress($"detail page /containers/{a.DetailName} open: daemon CPU over {a.CpuSeconds} s");
        Report("detail_load", LoadAverage());
        Report("detail_cpu", Format(await cpu.PercentOfOneCoreAsync(window, cancellationToken)));
        await LeaveAsync(detail);
        return 0;
    }

    /// <summary>Waits until the table shows at least <paramref name="wanted"/> container rows; returns how many.</summary>
    private static async Task<int> WaitForRowsAsync(IPage page, int wanted)
    {
        const string rows = "document.querySelectorAll('[data-testid=containers-table] tbody [data-testid^=\"name-\"]').length";
        await page.WaitForFunctionAsync($"n => {rows} >= n", wanted);
        return await page.EvaluateAsync<int>($"() => {rows}");
    }

    // Leaving the page fires pagehide, on which Blazor tells the server to end the circuit at once; a plain close
    // could leave it retained as "disconnected" (3 min) and still subscribed while the next window is measured.
    private static async Task LeaveAsync(IPage page)
    {
        await page.GotoAsync("about:blank");
        await page.CloseAsync();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    private static string Format(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);
    private static void Report(string key, string value) => Console.Out.WriteLine($"{key} {value}");
    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
