using System.Globalization;
using Microsoft.Playwright;

namespace Dashboard.Benchmarks.Ui;

/// <summary>
/// Issue 11 "Speed": keystroke echo in the browser terminal on loopback (tests/bench/terminal-echo.sh starts the daemon
/// and a busybox container). In Chromium, logged in as the admin:
/// <list type="bullet">
/// <item><b>socket</b>: the page's own WebSocket to GET /api/containers/{name}/exec (sh on a tty), no xterm: one byte
/// sent, time until a message carrying its echo arrives. The floor of the path: daemon, conmon, the tty, the shell.</item>
/// <item><b>terminal</b>: the Terminal tab, a real key press (Playwright's keyboard, so Chromium's input pipeline and
/// xterm's key handling): from the keydown event until xterm has parsed the echo (<c>parsed</c>) and until it has
/// painted it (<c>painted</c>, xterm's onRender, which waits for an animation frame).</item>
/// </list>
/// Every 60 keys the line is erased (ctrl-u) so it never wraps. Timing is taken in the page (performance.now), so the
/// bench's own calls into the browser are outside it. Results: `key value` lines on stdout; progress on stderr.
/// </summary>
public static class TerminalEchoBench
{
    private const string Password = "bench-admin-password";
    private const int LineLength = 60;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var a = TerminalEchoArguments.Parse(args);
        var baseUrl = new Uri(a.SetupLink.GetLeftPart(UriPartial.Authority));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = a.Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);

        Progress("creating the admin through the setup link");
        var page = await context.NewPageAsync();
        await page.GotoAsync(a.SetupLink.ToString());
        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirmPassword", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("[data-testid=containers-table]");

        // The circuit should hear nothing of the keys: count what the page sends on it while they are typed.
        var circuitFrames = 0;
        page.WebSocket += (_, ws) =>
        {
            if (ws.Url.Contains("/_blazor", StringComparison.Ordinal)) ws.FrameSent += (_, _) => Interlocked.Increment(ref circuitFrames);
        };

        // Both rows on the same page (the container page with its live charts), so they share its load.
        await page.GotoAsync(new Uri(baseUrl, $"/containers/{Uri.EscapeDataString(a.Container)}/terminal").ToString());
        var terminal = page.Locator("[data-testid=terminal]").First;
        await page.WaitForSelectorAsync("[data-testid=terminal][data-state=connected]");
        var id = (await terminal.GetAttributeAsync("data-session"))!;
        await page.WaitForFunctionAsync("async id => ((await import('/assets/terminal.js')).screenText(id) || '').includes('# ')", id);

        Progress($"socket: {a.Keys} keys over the page's own exec WebSocket");
        var socket = await page.EvaluateAsync<double[]>(SocketScript, new { container = a.Container, keys = a.Keys, lineLength = LineLength });
        Report("socket", socket);

        Progress($"terminal: {a.Keys} key presses in the Terminal tab");
        await terminal.Locator("[data-testid=terminal-screen]").ClickAsync();
        await page.EvaluateAsync(HookScript, id);
        var framesBefore = Volatile.Read(ref circuitFrames);
        for (var i = 0; i < a.Keys; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i > 0 && i % LineLength == 0)
            {
                await page.Keyboard.PressAsync("Control+U");
                await Task.Delay(100, cancellationToken);
            }
            await page.Keyboard.PressAsync(((char)('a' + i % 26)).ToString());
            // A promise the page resolves, not a polled predicate: polling on animation frames keeps the page's main
            // thread busy and would be measured too.
            await page.EvaluateAsync("n => window.__echo.wait(n)", i + 1);
        }
        var samples = await page.EvaluateAsync<double[][]>("() => window.__echo.samples");
        Console.Out.WriteLine($"circuit_frames_sent {Volatile.Read(ref circuitFrames) - framesBefore}");

        // The same terminal fed by xterm's input API from the page itself, with no key event and no call from this
        // process between keys: what the browser's input pipeline and the bench's driving add shows as the difference.
        Progress($"terminal input API: {a.Keys} keys");
        await page.Keyboard.PressAsync("Control+U");
        await Task.Delay(100, cancellationToken);
        var fed = await page.EvaluateAsync<double[][]>(InputScript, new { keys = a.Keys, lineLength = LineLength });
        Report("input_parsed", fed.Select(s => s[0]).ToArray());
        Report("input_send_to_arrival", fed.Select(s => s[3] - s[2]).ToArray());
        Report("terminal_parsed", samples.Select(s => s[0]).ToArray());
        Report("terminal_painted", samples.Select(s => s[1]).ToArray());
        // Where the time goes: keydown to the socket's send, send to the echo's arrival, arrival to parsed.
        Report("step_keydown_to_send", samples.Select(s => s[2]).ToArray());
        Report("step_send_to_arrival", samples.Select(s => s[3] - s[2]).ToArray());
        Report("step_arrival_to_parsed", samples.Select(s => s[0] - s[3]).ToArray());
        await page.GotoAsync("about:blank");
        return 0;
    }

    // Opens its own exec socket (sh, tty) from the page, as terminal.js does, waits for the prompt, then sends one
    // byte at a time and waits for it to come back.
    private const string SocketScript = """
        async ({ container, keys, lineLength }) => {
          const q = new URLSearchParams([["cmd", "/bin/sh"], ["tty", "true"], ["cols", "120"], ["rows", "40"]]);
          const ws = new WebSocket(`ws://${location.host}/api/containers/${encodeURIComponent(container)}/exec?${q}`);
          ws.binaryType = "arraybuffer";
          let waiter = null, seen = "";
          ws.onmessage = e => {
            if (typeof e.data !== "string") seen += new TextDecoder().decode(new Uint8Array(e.data).subarray(1));
            if (waiter && waiter.test(seen)) { const w = waiter; waiter = null; w.done(performance.now()); }
          };
          const until = test => new Promise(done => { waiter = { test, done }; ws.onmessage({ data: "" }); });
          await new Promise((ok, fail) => { ws.onopen = ok; ws.onclose = () => fail(new Error("socket closed")); });
          await until(s => s.includes("# "));
          const samples = [];
          for (let i = 0; i < keys; i++) {
            if (i > 0 && i % lineLength === 0) {
              ws.send(new Uint8Array([0x15]));
              await new Promise(r => setTimeout(r, 100));
            }
            seen = "";
            const key = String.fromCharCode(97 + i % 26);
            const t0 = performance.now();
            const echoed = until(s => s.includes(key));
            ws.send(new TextEncoder().encode(key));
            samples.push((await echoed) - t0);
          }
          ws.close();
          return samples;
        }
        """;

    // Times each letter key from its keydown (capture phase, before xterm sees it) until the cursor's line has grown
    // in xterm's buffer (parsed), and until the next render of the rows (painted).
    private const string HookScript = """
        async id => {
          const t = (await import('/assets/terminal.js')).terminalOf(id);
          const lineLength = () => {
            const b = t.buffer.active;
            return b.getLine(b.baseY + b.cursorY).translateToString(true).length;
          };
          const echo = window.__echo = { pending: null, samples: [], resolve: null, term: t, lineLength };
          echo.wait = n => echo.samples.length >= n ? null : new Promise(r => echo.resolve = r);
          document.addEventListener("keydown", e => {
            if (e.key.length === 1 && e.key >= "a" && e.key <= "z" && !e.ctrlKey)
              echo.pending = { t0: performance.now(), length: lineLength(), parsed: null, sent: null, arrived: null };
          }, true);
          // The steps in between: terminal.js sends with WebSocket.send and hands what arrives to term.write.
          const send = WebSocket.prototype.send;
          WebSocket.prototype.send = function (data) {
            const p = echo.pending;
            if (p && p.sent === null && typeof data !== "string") p.sent = performance.now();
            return send.call(this, data);
          };
          const write = t.write.bind(t);
          t.write = (data, callback) => {
            const p = echo.pending;
            if (p && p.sent !== null && p.arrived === null) p.arrived = performance.now();
            return write(data, callback);
          };
          t.onWriteParsed(() => {
            const p = echo.pending;
            if (p && p.parsed === null && lineLength() > p.length) p.parsed = performance.now();
          });
          t.onRender(() => {
            const p = echo.pending;
            if (!p || p.parsed === null) return;
            echo.samples.push([p.parsed - p.t0, performance.now() - p.t0, p.sent - p.t0, p.arrived - p.t0]);
            echo.pending = null;
            const r = echo.resolve;
            echo.resolve = null;
            r?.();
          });
        }
        """;

    private const string InputScript = """
        async ({ keys, lineLength }) => {
          const echo = window.__echo;
          echo.samples = [];
          for (let i = 0; i < keys; i++) {
            if (i > 0 && i % lineLength === 0) {
              echo.pending = null;
              echo.term.input("\x15", true);
              await new Promise(r => setTimeout(r, 100));
            }
            echo.pending = { t0: performance.now(), length: echo.lineLength(), parsed: null, sent: null, arrived: null };
            const done = echo.wait(i + 1);
            echo.term.input(String.fromCharCode(97 + i % 26), true);
            await done;
          }
          return echo.samples;
        }
        """;

    private static void Report(string key, double[] samples)
    {
        var sorted = samples.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{key} n={sorted.Length} p50={At(0.50):F2} p95={At(0.95):F2} p99={At(0.99):F2} max={sorted[^1]:F2}"));
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}

/// <summary>The command line tests/bench/terminal-echo.sh passes to the `terminal-echo` mode.</summary>
public sealed record TerminalEchoArguments(Uri SetupLink, string Container, int Keys, string Chromium)
{
    public const string Usage = "usage: Dashboard.Benchmarks terminal-echo --setup-link URL --container NAME [--keys 500] [--chromium /usr/bin/chromium]";

    public static TerminalEchoArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"unexpected argument '{args[i]}'\n{Usage}");
            values[args[i][2..]] = args[++i];
        }
        if (!values.TryGetValue("setup-link", out var link) || !Uri.TryCreate(link, UriKind.Absolute, out var setup))
            throw new ArgumentException($"--setup-link must be the absolute URL the daemon printed\n{Usage}");
        if (!values.TryGetValue("container", out var container) || container.Length == 0)
            throw new ArgumentException($"missing --container\n{Usage}");
        var keys = 500;
        if (values.TryGetValue("keys", out var text) && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out keys) || keys < 1))
            throw new ArgumentException($"--keys must be a whole number >= 1, not '{text}'");
        var chromium = values.GetValueOrDefault("chromium", "/usr/bin/chromium");
        if (!File.Exists(chromium)) throw new ArgumentException($"--chromium {chromium} does not exist");
        return new TerminalEchoArguments(setup, container, keys, chromium);
    }
}
