using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Dashboard.EndToEnd.Tests;

/// <summary>
/// The container page's Terminal tab in Chromium against the real daemon: xterm.js (wwwroot-assets/vendor) over the exec
/// WebSocket (GET /api/containers/{ref}/exec), busybox's sh in a real container. Screenshots go to
/// TestResults/screenshots (terminal*.png).
/// </summary>
[Trait(TestCategory.Key, TestCategory.Browser)]
public sealed partial class TerminalTests
{
    private const string Name = "e2e-term";
    private const string ViewerPassword = "e2e-viewer-password";

    [SkippableFact]
    public async Task A_shell_answers_follows_the_window_copies_pastes_and_reconnects()
    {
        Prerequisites.Require();
        await using var daemon = await Daemon.StartAsync();
        await daemon.RunContainerAsync(Name);
        await using var session = await BrowserSession.LaunchAsync();
        var console = new List<string>();
        var page = await session.NewPageAsync(console, ["clipboard-read", "clipboard-write"]);
        try
        {
            await BrowserSession.SetUpAdminAsync(daemon, page);
            await page.ClickAsync($"[data-testid=containers-table] [data-testid=name-{Name}]");
            await page.WaitForURLAsync($"**/containers/{Name}");
            await page.ClickAsync("[data-testid=detail-tabs] .mud-tab:text-is('Terminal')");
            // The tab replaces the address in place (no navigation, no load event to wait for), so poll the URL.
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/containers/{Name}/terminal$"));

            // The tab opens one terminal with the container's shell (busybox: no bash, so sh is the only shell offered).
            var first = page.Locator("[data-testid=terminal]").Nth(0);
            await Assertions.Expect(first.Locator("[data-testid=terminal-status]")).ToHaveTextAsync("connected");
            await Assertions.Expect(page.Locator("[data-testid=terminal-shell-bash]")).ToHaveCountAsync(0);
            Assert.Contains("/bin/sh", await first.Locator(".dterm-title").InnerTextAsync());
            var firstId = (await first.GetAttributeAsync("data-session"))!;
            await WaitForPromptAsync(page, firstId);

            await TypeAsync(page, first, "echo $((6*7))\n");
            await WaitForLineAsync(page, firstId, "42");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("terminal.png"), FullPage = true });

            // The window's size reaches the shell: stty size (rows cols) follows the browser window.
            var before = await SttySizeAsync(page, first, firstId, "A");
            await page.SetViewportSizeAsync(900, 700);
            var after = await WaitForSizeChangeAsync(page, first, firstId, before);
            Assert.True(after.Cols < before.Cols, $"cols {before.Cols} -> {after.Cols}");
            Assert.True(after.Rows < before.Rows, $"rows {before.Rows} -> {after.Rows}");
            await page.SetViewportSizeAsync(1280, 900);

            // Copy: the selection goes to the clipboard with ctrl-shift-c. Paste: right click with nothing selected.
            await TypeAsync(page, first, "echo copy-$((40+2))-me\n");
            await WaitForLineAsync(page, firstId, "copy-42-me");
            // The output line (the command line reads copy-$((40+2))-me); a double click selects the word under it.
            var row = first.Locator(".xterm-rows > div", new() { HasText = "copy-42-me" }).Last;
            var box = (await row.BoundingBoxAsync())!;
            await page.Mouse.DblClickAsync(box.X + 20, box.Y + box.Height / 2); // xterm's screen layer takes the clicks
            await page.Keyboard.PressAsync("Control+Shift+C");
            await page.WaitForFunctionAsync("async () => (await navigator.clipboard.readText()).includes('copy-42-me')");
            await page.EvaluateAsync("() => navigator.clipboard.writeText('echo pasted-$((2+3))\\n')");
            await first.Locator("[data-testid=terminal-screen]").ClickAsync(); // a click ends the selection (else right click copies it)
            await first.Locator("[data-testid=terminal-screen]").ClickAsync(new() { Button = MouseButton.Right });
            await WaitForLineAsync(page, firstId, "pasted-5");
            await page.EvaluateAsync("() => navigator.clipboard.writeText('echo shortcut-$((3+4))\\n')");
            await page.Keyboard.PressAsync("Control+Shift+V");
            await WaitForLineAsync(page, firstId, "shortcut-7");

            // A second terminal beside the first: its own session (its own shell).
            await page.ClickAsync("[data-testid=terminal-new]");
            var second = page.Locator("[data-testid=terminal]").Nth(1);
            await Assertions.Expect(second.Locator("[data-testid=terminal-status]")).ToHaveTextAsync("connected");
            var secondId = (await second.GetAttributeAsync("data-session"))!;
            await WaitForPromptAsync(page, secondId);
            Assert.NotEqual(firstId, secondId);
            var a = (await first.BoundingBoxAsync())!;
            var b = (await second.BoundingBoxAsync())!;
            Assert.True(Math.Abs(a.Y - b.Y) < 1 && b.X >= a.X + a.Width, $"side by side: {a.X},{a.Y} {a.Width} and {b.X},{b.Y}");
            await TypeAsync(page, second, "echo second-$((1+1)) $$\n");
            await WaitForLineAsync(page, secondId, @"second-2 \d+");
            await TypeAsync(page, first, "echo first $$\n");
            await WaitForLineAsync(page, firstId, @"first \d+");
            var pid1 = Regex.Match(await ScreenAsync(page, firstId), @"(?m)^first (\d+)\s*$").Groups[1].Value;
            var pid2 = Regex.Match(await ScreenAsync(page, secondId), @"(?m)^second-2 (\d+)\s*$").Groups[1].Value;
            Assert.NotEqual(pid1, pid2);
            Assert.DoesNotContain("second-2", await ScreenAsync(page, firstId));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("terminal-two.png"), FullPage = true });

            // exit: the terminal says it is over and with what code, and offers Reconnect, which starts a new shell.
            await TypeAsync(page, second, "exit 3\n");
            await Assertions.Expect(second.Locator("[data-testid=terminal-status]")).ToHaveTextAsync("disconnected (exit code 3)");
            await Assertions.Expect(second).ToHaveAttributeAsync("data-state", "exited");
            await WaitForLineAsync(page, secondId, @"\[exited with code 3\]");
            await Assertions.Expect(first.Locator("[data-testid=terminal-status]")).ToHaveTextAsync("connected");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("terminal-exited.png"), FullPage = true });
            await second.Locator("[data-testid=terminal-reconnect]").ClickAsync();
            await Assertions.Expect(second.Locator("[data-testid=terminal-status]")).ToHaveTextAsync("connected");
            await page.WaitForFunctionAsync("async id => ((await import('/assets/terminal.js')).screenText(id) || '').includes('reconnecting ---')", secondId);
            await TypeAsync(page, second, "echo again-$((6*7))\n");
            await WaitForLineAsync(page, secondId, "again-42");

            // Another tab and back: the same shells, still running.
            await page.ClickAsync("[data-testid=detail-tabs] .mud-tab:text-is('Logs')");
            await page.ClickAsync("[data-testid=detail-tabs] .mud-tab:text-is('Terminal')");
            await Assertions.Expect(page.Locator("[data-testid=terminal]")).ToHaveCountAsync(2);
            Assert.Equal(firstId, await page.Locator("[data-testid=terminal]").Nth(0).GetAttributeAsync("data-session"));
            await TypeAsync(page, first, "echo still $$\n");
            await WaitForLineAsync(page, firstId, $"still {pid1}");

            lock (console) Assert.DoesNotContain(console, m => m.StartsWith("error", StringComparison.Ordinal));
        }
        catch (Exception)
        {
            await BrowserSession.SaveFailureAsync("terminal", daemon, page, console);
            throw;
        }
    }

    [SkippableFact]
    public async Task A_viewer_has_no_terminal_and_the_endpoint_refuses_them()
    {
        Prerequisites.Require();
        await using var daemon = await Daemon.StartAsync();
        await daemon.RunContainerAsync(Name);
        await using var session = await BrowserSession.LaunchAsync();
        var console = new List<string>();
        var admin = await session.NewPageAsync(console);
        IPage? viewer = null;
        try
        {
            await BrowserSession.SetUpAdminAsync(daemon, admin);
            await admin.ClickAsync("[data-testid=nav] a[href=settings]");
            await admin.FillAsync("input[data-testid=new-user-name]", "watcher");
            await admin.FillAsync("input[data-testid=new-user-password]", ViewerPassword);
            await admin.ClickAsync("[data-testid=create-user]"); // the role picker defaults to viewer
            await Assertions.Expect(admin.Locator("[data-testid=users]")).ToContainTextAsync("User 'watcher' created.");

            viewer = await session.NewPageAsync(console);
            await BrowserSession.LogInAsync(daemon, viewer, "watcher", ViewerPassword);
            await viewer.GotoAsync(new Uri(daemon.BaseUrl, $"/containers/{Name}/terminal").ToString());
            await viewer.WaitForSelectorAsync("[data-testid=logs]"); // the link opens on Logs: there is no Terminal tab
            await Assertions.Expect(viewer.Locator("[data-testid=detail-tabs] .mud-tab")).ToHaveCountAsync(4);
            await Assertions.Expect(viewer.Locator("[data-testid=detail-tabs]")).Not.ToContainTextAsync("Terminal");
            Assert.Equal(0, await viewer.Locator("[data-testid=terminal]").CountAsync());
            await viewer.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.Shot("terminal-viewer.png"), FullPage = true });

            // The endpoint itself, asked by the viewer's own browser with its cookie: 403, and no socket opens.
            var query = $"/api/containers/{Name}/exec?cmd=/bin/sh&tty=true";
            Assert.Equal(403, await viewer.EvaluateAsync<int>("async url => (await fetch(url)).status", query));
            var socket = await viewer.EvaluateAsync<string>(@"url => new Promise(done => {
                const ws = new WebSocket(url.replace(/^http/, 'ws'));
                ws.onopen = () => { done('opened'); ws.close(); };
                ws.onclose = e => done('closed ' + e.code);
            })", new Uri(daemon.BaseUrl, query).ToString());
            Assert.Equal("closed 1006", socket);
            // The admin's browser, same request: it opens (the refusal is the role's, not the request's).
            Assert.Equal("opened", await admin.EvaluateAsync<string>(@"url => new Promise(done => {
                const ws = new WebSocket(url.replace(/^http/, 'ws'));
                ws.onopen = () => { done('opened'); ws.close(); };
                ws.onclose = e => done('closed ' + e.code);
            })", new Uri(daemon.BaseUrl, query).ToString()));
        }
        catch (Exception)
        {
            await BrowserSession.SaveFailureAsync("terminal-viewer", daemon, viewer ?? admin, console);
            throw;
        }
    }

    /// <summary>Waits for the shell's first prompt: the tab has settled and the shell reads its terminal.</summary>
    private static async Task WaitForPromptAsync(IPage page, string id) =>
        await page.WaitForFunctionAsync("async id => /^\\/ # /m.test((await import('/assets/terminal.js')).screenText(id) || '')", id);

    private static async Task TypeAsync(IPage page, ILocator terminal, string text)
    {
        await terminal.Locator("[data-testid=terminal-screen]").ClickAsync();
        // xterm.js reads keys from its hidden textarea: make sure the click gave it the focus.
        await Assertions.Expect(terminal.Locator("textarea.xterm-helper-textarea")).ToBeFocusedAsync();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0) await page.Keyboard.TypeAsync(lines[i]);
            if (i < lines.Length - 1) await page.Keyboard.PressAsync("Enter");
        }
    }

    /// <summary>The session's whole buffer (scrollback included), read through terminal.js's test hook.</summary>
    private static Task<string> ScreenAsync(IPage page, string id) =>
        page.EvaluateAsync<string>("async id => (await import('/assets/terminal.js')).screenText(id)", id);

    /// <summary>Waits until a line of the session's output is exactly <paramref name="pattern"/> (a regex): the command
    /// line itself never matches, since it starts with the prompt.</summary>
    private static async Task WaitForLineAsync(IPage page, string id, string pattern)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var regex = OutputLine(pattern);
        string screen;
        do
        {
            screen = await ScreenAsync(page, id);
            if (regex.IsMatch(screen)) return;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML?.slice(0, 200) ?? 'none'");
        Assert.Fail($"no line /{pattern}/ on the terminal (focus: {focused}); it shows:\n{screen}");
    }

    private static Regex OutputLine(string pattern) => new($"(?m)^{pattern}\\s*$");

    private sealed record Size(int Rows, int Cols);

    private static async Task<Size> SttySizeAsync(IPage page, ILocator terminal, string id, string mark)
    {
        await TypeAsync(page, terminal, $"echo {mark}$(stty size){mark}\n");
        await WaitForLineAsync(page, id, $"{mark}\\d+ \\d+{mark}");
        var m = Regex.Matches(await ScreenAsync(page, id), $"(?m)^{mark}(\\d+) (\\d+){mark}\\s*$")[^1];
        return new Size(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
    }

    /// <summary>Asks stty until the size differs (the resize travels window → fit → WebSocket → conmon → tty).</summary>
    private static async Task<Size> WaitForSizeChangeAsync(IPage page, ILocator terminal, string id, Size before)
    {
        for (var i = 0; i < 20; i++)
        {
            var now = await SttySizeAsync(page, terminal, id, "B" + i + "x");
            if (now != before) return now;
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"stty size stayed {before.Rows} {before.Cols} after the window shrank");
    }
}
