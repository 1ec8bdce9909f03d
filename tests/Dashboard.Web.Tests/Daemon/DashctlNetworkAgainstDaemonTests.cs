using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>dashctl's networks and ports (the native API underneath) against the real daemon: run --network -p, network
/// create/ls/inspect/connect/disconnect/rm. Every test removes its containers and networks.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class DashctlNetworkAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    private DaemonProcess Require()
    {
        var d = fixture.RequireDaemon();
        Prerequisites.Require(Prerequisites.Networks(), "a network");
        return d;
    }

    private static async Task<Result> Dashctl(DaemonProcess d, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await Dashboard.Cli.Dashctl.RunAsync(["--host", d.DockerHost, .. args], stdout, stderr, _ => null, timeout.Token);
        return new Result(exit, stdout.ToString(), stderr.ToString());
    }

    private static async Task<string> Ok(DaemonProcess d, params string[] args)
    {
        var result = await Dashctl(d, args);
        Assert.True(result.ExitCode == 0, $"dashctl {string.Join(' ', args)} failed: {result}");
        return result.Stdout.Trim();
    }

    private static string Fetch(string host) => $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 {host} 80 || echo unreachable";

    [SkippableFact]
    public async Task Dashctl_runs_on_a_user_network_with_a_published_port_and_connects_and_disconnects_a_container()
    {
        var d = Require();
        var port = NetworkProbe.FreePort();
        try
        {
            var id = await Ok(d, "network", "create", "--subnet", "10.141.5.0/24", "--label", "team=web", "ctl-net");
            Assert.Matches("^[0-9a-f]{64}$", id);
            Assert.Contains("ctl-net", await Ok(d, "network", "ls"));

            await Ok(d, "run", "-d", "--name", "ctl-web", "--network", "ctl-net", "--network-alias", "site", "--ip", "10.141.5.50",
                "-p", $"127.0.0.1:{port}:80", "busybox", "sh", "-c", "mkdir -p /www && echo hello-ctl > /www/index.html && exec httpd -f -p 80 -h /www");
            Assert.Equal("hello-ctl\n", await NetworkProbe.GetAsync($"http://127.0.0.1:{port}/"));

            var detail = JsonDocument.Parse(await Ok(d, "inspect", "ctl-web")).RootElement[0];
            var endpoint = detail.GetProperty("networks")[0];
            Assert.Equal("ctl-net", endpoint.GetProperty("network").GetString());
            Assert.Equal("10.141.5.50", endpoint.GetProperty("ipAddress").GetString());
            Assert.Contains(endpoint.GetProperty("aliases").EnumerateArray(), a => a.GetString() == "site");
            Assert.Equal(port, detail.GetProperty("ports")[0].GetProperty("hostPort").GetInt32());
            Assert.Equal([$"127.0.0.1:{port}:80/tcp"], detail.GetProperty("config").GetProperty("publish").EnumerateArray().Select(p => p.GetString()));

            var network = JsonDocument.Parse(await Ok(d, "network", "inspect", "ctl-net")).RootElement[0];
            Assert.Equal("web", network.GetProperty("labels").GetProperty("team").GetString());
            Assert.Equal("10.141.5.50", network.GetProperty("containers")[0].GetProperty("ipAddress").GetString());

            // A client on the default bridge reaches ctl-web by its alias only once connected to ctl-net.
            await Ok(d, "run", "-d", "--name", "ctl-client", "busybox", "sleep", "120");
            await Ok(d, "network", "connect", "ctl-net", "ctl-client");
            var reached = await DashctlExec(d, "ctl-client", Fetch("site"));
            Assert.Contains("hello-ctl", reached);
            await Ok(d, "network", "disconnect", "ctl-net", "ctl-client");
            Assert.Contains("unreachable", await DashctlExec(d, "ctl-client", Fetch("10.141.5.50")));

            var inUse = await Dashctl(d, "network", "rm", "ctl-net");
            Assert.Equal(1, inUse.ExitCode);
            Assert.Contains("has active endpoints", inUse.Stderr);
        }
        finally
        {
            await Dashctl(d, "rm", "-f", "ctl-web", "ctl-client");
            await Dashctl(d, "network", "rm", "ctl-net");
        }
        Assert.DoesNotContain("ctl-net", await Ok(d, "network", "ls"));
    }

    [SkippableFact]
    public async Task Dashctl_network_errors_are_the_daemons_words()
    {
        var d = Require();
        var missing = await Dashctl(d, "network", "inspect", "nosuch-ctl");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("network nosuch-ctl not found", missing.Stderr);
        var bad = await Dashctl(d, "network", "create", "--subnet", "10.300.0.0/24", "ctl-bad");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("invalid subnet 10.300.0.0/24", bad.Stderr);
        var port = await Dashctl(d, "run", "--rm", "-p", "70000:80", "busybox", "true");
        Assert.NotEqual(0, port.ExitCode);
        Assert.Contains("host port '70000' must be a number from 1 to 65535", port.Stderr);
    }

    private static async Task<string> DashctlExec(DaemonProcess d, string container, string script)
    {
        var result = await Dashctl(d, "exec", container, "sh", "-c", script);
        return result.Stdout;
    }
}
