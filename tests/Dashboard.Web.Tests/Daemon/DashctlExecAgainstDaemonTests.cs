using System.Diagnostics;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>dashctl exec against the real daemon: in process for the exit codes, stdin and options, and the real
/// dashctl binary on a pseudo-terminal (script(1)) for -it: raw mode, the terminal's size, SIGWINCH, restored settings.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class DashctlExecAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    private static async Task<Result> Dashctl(DaemonProcess d, string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await Dashboard.Cli.Dashctl.RunAsync(["--host", d.DockerHost, .. args], input, stdout, stderr,
            name => name == "FROM_CLIENT" ? "client-value" : null, timeout.Token);
        return new Result(exit, stdout.ToString(), stderr.ToString());
    }

    [SkippableFact]
    public async Task Exec_returns_the_commands_exit_code_and_carries_stdin_and_its_options()
    {
        var d = fixture.RequireDaemon();
        var id = await DaemonContainers.RunAsync(d, "dashctl-exec", null, "sleep", "300");
        try
        {
            var three = await Dashctl(d, "", "exec", "dashctl-exec", "sh", "-c", "echo out; echo err >&2; exit 3");
            Assert.True(three == new Result(3, "out\n", "err\n"), three.ToString());

            var piped = await Dashctl(d, "one\ntwo\n", "exec", "-i", "dashctl-exec", "cat");
            Assert.True(piped == new Result(0, "one\ntwo\n", ""), piped.ToString());
            // Without -i the input is not sent: cat sees no input at all and ends.
            var notPiped = await Dashctl(d, "ignored\n", "exec", "dashctl-exec", "cat");
            Assert.True(notPiped == new Result(0, "", ""), notPiped.ToString());

            var options = await Dashctl(d, "", "exec", "-e", "A=1", "--env=B=two words", "-e", "FROM_CLIENT", "-e", "UNSET_HERE", "-u", "nobody", "-w", "/tmp",
                "dashctl-exec", "sh", "-c", "echo \"$A|$B|$FROM_CLIENT|${UNSET_HERE-unset}\"; id -u; pwd");
            Assert.True(options == new Result(0, "1|two words|client-value|unset\n65534\n/tmp\n", ""), options.ToString());

            // -t: one terminal stream, with the terminal's line endings.
            var tty = await Dashctl(d, "", "exec", "-t", "dashctl-exec", "sh", "-c", "echo out; echo err >&2");
            Assert.True(tty == new Result(0, "out\r\nerr\r\n", ""), tty.ToString());

            var missing = await Dashctl(d, "", "exec", "dashctl-exec", "no-such-binary");
            Assert.Equal(127, missing.ExitCode);
            Assert.Contains("OCI runtime exec failed", missing.Stderr);

            var detached = await Dashctl(d, "", "exec", "-d", "dashctl-exec", "sh", "-c", "sleep 1; touch /tmp/detached");
            Assert.True(detached == new Result(0, "", ""), detached.ToString());
            Assert.Equal(1, (await Dashctl(d, "", "exec", "dashctl-exec", "test", "-e", "/tmp/detached")).ExitCode); // still sleeping
            await Eventually.TrueAsync(async () => (await Dashctl(d, "", "exec", "dashctl-exec", "test", "-e", "/tmp/detached")).ExitCode == 0,
                "the detached command to run on after dashctl returned");
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
    }

    [SkippableFact]
    public async Task Exec_refusals_say_why_and_exit_1()
    {
        var d = fixture.RequireDaemon();
        var id = await DaemonContainers.RunAsync(d, "dashctl-refused", null, "sleep", "300");
        try
        {
            var unknown = await Dashctl(d, "", "exec", "no-such-container", "true");
            Assert.True(unknown.ExitCode == 1 && unknown.Stderr.Contains("No such container", StringComparison.OrdinalIgnoreCase), unknown.ToString());
            var relative = await Dashctl(d, "", "exec", "-w", "relative", "dashctl-refused", "true");
            Assert.True(relative.ExitCode == 1 && relative.Stderr.Contains("-w", StringComparison.Ordinal), relative.ToString());
            Assert.True((await d.Http.PostAsync("/containers/dashctl-refused/pause", null)).IsSuccessStatusCode);
            var paused = await Dashctl(d, "", "exec", "dashctl-refused", "true");
            Assert.True(paused.ExitCode == 1 && paused.Stderr.Contains("is paused", StringComparison.Ordinal), paused.ToString());
            Assert.True((await d.Http.PostAsync("/containers/dashctl-refused/unpause", null)).IsSuccessStatusCode);
            Assert.True((await d.Http.PostAsync("/containers/dashctl-refused/stop?t=0", null)).IsSuccessStatusCode);
            var stopped = await Dashctl(d, "", "exec", "dashctl-refused", "true");
            Assert.True(stopped.ExitCode == 1 && stopped.Stderr.Contains("is not running", StringComparison.Ordinal), stopped.ToString());
            var stoppedDetached = await Dashctl(d, "", "exec", "-d", "dashctl-refused", "true");
            Assert.True(stoppedDetached.ExitCode == 1 && stoppedDetached.Stderr.Contains("is not running", StringComparison.Ordinal), stoppedDetached.ToString());
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
    }

    [SkippableFact]
    public async Task Exec_it_on_a_terminal_is_raw_sized_follows_sigwinch_and_restores_the_terminal()
    {
        var d = fixture.RequireDaemon();
        var script = DaemonPrerequisites.Find("script");
        Prerequisites.Require(script is null ? "script (util-linux) to give dashctl a terminal" : null, "a terminal for dashctl");
        var id = await DaemonContainers.RunAsync(d, "dashctl-tty", null, "sleep", "300");
        try
        {
            var dashctl = Path.Combine(AppContext.BaseDirectory, "dashctl.dll");
            // The settings before and after must match: raw mode is undone. "exec" would lose the comparison, so the
            // shell waits for dashctl and reports its code.
            var command = $"stty rows 30 cols 90; before=$(stty -g); dotnet {dashctl} --host {d.DockerHost} exec -it dashctl-tty sh; code=$?; "
                + "[ \"$(stty -g)\" = \"$before\" ] && echo TERMINAL-RESTORED; exit $code";
            var info = new ProcessStartInfo(script!, ["-qec", command, "/dev/null"])
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var process = Process.Start(info)!;
            var screen = new System.Text.StringBuilder();
            var reading = Task.Run(async () =>
            {
                var buffer = new char[4096];
                int n;
                while ((n = await process.StandardOutput.ReadAsync(buffer)) > 0) lock (screen) screen.Append(buffer, 0, n);
            });
            string Screen() { lock (screen) return screen.ToString().Replace("\r", "", StringComparison.Ordinal); }
            async Task ScreenShowsAsync(string text, string what, int seconds = 30)
            {
                var deadline = DateTime.UtcNow.AddSeconds(seconds);
                while (!Screen().Contains(text, StringComparison.Ordinal))
                {
                    Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; the terminal shows:\n{Screen()}");
                    await Task.Delay(50);
                }
            }
            async Task TypeAsync(string keys)
            {
                await process.StandardInput.WriteAsync(keys);
                await process.StandardInput.FlushAsync();
            }
            try
            {
                // Each answer is computed, so the terminal's echo of the typed line cannot be mistaken for it.
                await TypeAsync("echo size-$(stty size | tr ' ' x)\n");
                await ScreenShowsAsync("size-30x90\n", "the initial size 30x90");

                // Resizing dashctl's terminal: the kernel sends it SIGWINCH, dashctl sends the new size.
                var tty = DashctlTerminal(process.Id);
                using (var stty = Process.Start("stty", ["-F", tty, "rows", "40", "cols", "100"])) await stty.WaitForExitAsync();
                await Eventually.TrueAsync(async () =>
                {
                    await TypeAsync("echo size-$(stty size | tr ' ' x)\n");
                    await Task.Delay(300);
                    return Screen().Contains("size-40x100\n", StringComparison.Ordinal);
                }, "the resized 40x100");

                // Raw mode: ctrl-C goes to the container's shell (it interrupts the sleep there), not to dashctl.
                await TypeAsync("sleep 30; echo after-sleep\n");
                await Task.Delay(500);
                await TypeAsync("\u0003");
                await TypeAsync("echo still-$((20+1))\n");
                // Well before the sleep's 30 s: the ctrl-C reached the shell and ended the sleep.
                await ScreenShowsAsync("still-21\n", "the shell to live on after ctrl-C", 15);

                await TypeAsync("exit 6\n");
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(timeout.Token);
                await reading;
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            Assert.True(process.ExitCode == 6, $"exit {process.ExitCode}:\n{Screen()}");
            Assert.Contains("TERMINAL-RESTORED", Screen());
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
    }

    /// <summary>The terminal of the dotnet process (dashctl) under script's shell.</summary>
    private static string DashctlTerminal(int scriptPid)
    {
        string? found = null;
        for (var attempt = 0; attempt < 100 && found is null; attempt++, Thread.Sleep(100))
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
                try
                {
                    var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                    if (!cmdline.Contains("dashctl.dll", StringComparison.Ordinal) || !IsDescendant(Path.GetFileName(dir), scriptPid)) continue;
                    found = new FileInfo(Path.Combine(dir, "fd", "0")).LinkTarget;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
            }
        }
        return found ?? throw new InvalidOperationException("dashctl's terminal was not found");
    }

    private static bool IsDescendant(string pid, int ancestor)
    {
        for (var i = 0; i < 10 && pid != "1"; i++)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var ppid = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
            if (ppid == ancestor.ToString(System.Globalization.CultureInfo.InvariantCulture)) return true;
            pid = ppid;
        }
        return false;
    }
}
