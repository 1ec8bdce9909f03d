using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// docker network connect/disconnect end to end: the docker CLI against the real daemon, netavark setting up and tearing
/// down one network in a running container's namespace, aardvark-dns learning and forgetting its names. Every test
/// removes its containers and networks; the veths it made are counted back to zero.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class NetworkConnectAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private DaemonProcess Require()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        Prerequisites.Require(Prerequisites.Networks(), "a network");
        return d;
    }

    private static async Task<string> Ok(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}");
        return result.Stdout.Trim();
    }

    private static async Task<string> Fails(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        Assert.True(result.ExitCode != 0, $"docker {string.Join(' ', args)} should have failed: {result}");
        return result.Stderr;
    }

    private static string[] Httpd(string name, params string[] flags) =>
        ["run", "-d", "--name", name, .. flags, "busybox", "sh", "-c", $"mkdir -p /www && echo hello-{name} > /www/index.html && exec httpd -f -p 80 -h /www"];

    private static string Fetch(string host) => $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 {host} 80 || echo unreachable";

    [SkippableFact]
    public async Task A_running_container_connected_to_a_user_network_is_reached_by_name_and_alias_until_it_is_disconnected()
    {
        var d = Require();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString();
        var vethsBefore = await NetworkProbe.VethsAsync();
        try
        {
            await Ok(d, "network", "create", "conn-net");
            await Ok(d, Httpd("conn-srv"));
            await Ok(d, "run", "-d", "--name", "conn-client", "--network", "conn-net", "busybox", "sleep", "120");
            async Task<string> FromClient(string host) => (await DockerCli.RunAsync(d.DockerHost, "exec", "conn-client", "sh", "-c", Fetch(host))).Stdout;
            Assert.Contains("unreachable", await FromClient("conn-srv"));

            await Ok(d, "network", "connect", "--alias", "web", "conn-net", "conn-srv");
            Assert.Contains("hello-conn-srv", await FromClient("conn-srv"));
            Assert.Contains("hello-conn-srv", await FromClient("web"));
            var ip = await Ok(d, "inspect", "-f", "{{(index .NetworkSettings.Networks \"conn-net\").IPAddress}}", "conn-srv");
            Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", ip);
            Assert.Contains("web", await Ok(d, "inspect", "-f", "{{(index .NetworkSettings.Networks \"conn-net\").Aliases}}", "conn-srv"));
            var members = JsonDocument.Parse(await Ok(d, "network", "inspect", "conn-net")).RootElement[0].GetProperty("Containers");
            Assert.Contains(members.EnumerateObject(), m => m.Value.GetProperty("Name").GetString() == "conn-srv");
            // Inside: a second interface with the address, and /etc/hosts names it.
            var inside = await Ok(d, "exec", "conn-srv", "sh", "-c", "ip -o -4 addr show eth1; cat /etc/hosts");
            Assert.Contains($"inet {ip}/", inside);
            Assert.Contains($"{ip}\t", inside);
            Assert.Equal(3, (await NetworkProbe.VethsAsync()).Except(vethsBefore).Count()); // conn-srv's two, conn-client's one

            await Ok(d, "network", "disconnect", "conn-net", "conn-srv");
            Assert.Contains("unreachable", await FromClient("conn-srv"));
            Assert.Contains("unreachable", await FromClient(ip));
            Assert.DoesNotContain("eth1", await Ok(d, "exec", "conn-srv", "ip", "-o", "link"));
            Assert.Equal("bridge", await Ok(d, "inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "conn-srv"));
            Assert.Equal(2, (await NetworkProbe.VethsAsync()).Except(vethsBefore).Count());

            var srvId = await Ok(d, "inspect", "-f", "{{.Id}}", "conn-srv");
            var events = await Ok(d, "events", "--since", since, "--until", DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(),
                "--filter", "type=network", "--filter", "network=conn-net", "--format", "{{.Action}} {{.Actor.Attributes.container}}");
            // As Docker's: the container is an attribute of the network's event (its container= filter matches no
            // network event).
            Assert.Equal([$"connect {srvId}", $"disconnect {srvId}"], events.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(e => e.EndsWith(srvId)));
        }
        finally
        {
            await DockerCli.RunAsync(d.DockerHost, "rm", "-f", "conn-srv", "conn-client");
            await DockerCli.RunAsync(d.DockerHost, "network", "rm", "conn-net");
        }
        Assert.Empty((await NetworkProbe.VethsAsync()).Except(vethsBefore));
    }

    [SkippableFact]
    public async Task A_stopped_container_connected_with_an_address_gets_it_at_start_and_a_disconnect_is_kept()
    {
        var d = Require();
        try
        {
            await Ok(d, "network", "create", "--subnet", "10.141.3.0/24", "conn-static");
            await Ok(d, "create", "--name", "conn-stopped", "busybox", "sleep", "120");
            await Ok(d, "network", "connect", "--ip", "10.141.3.77", "conn-static", "conn-stopped");
            Assert.Equal("10.141.3.77", await Ok(d, "inspect", "-f", "{{(index .NetworkSettings.Networks \"conn-static\").IPAMConfig.IPv4Address}}", "conn-stopped"));
            await Ok(d, "start", "conn-stopped");
            Assert.Contains("inet 10.141.3.77/24", await Ok(d, "exec", "conn-stopped", "ip", "-o", "-4", "addr"));

            // Disconnected while running from the default bridge: only conn-static is left, now and after a restart.
            await Ok(d, "network", "disconnect", "-f", "bridge", "conn-stopped");
            await Ok(d, "restart", "-t", "0", "conn-stopped");
            var addresses = await Ok(d, "exec", "conn-stopped", "ip", "-o", "-4", "addr");
            Assert.Contains("inet 10.141.3.77/24", addresses);
            Assert.Equal(2, addresses.Split('\n').Length); // lo and the one interface
            Assert.Equal("conn-static", await Ok(d, "inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}", "conn-stopped"));
        }
        finally
        {
            await DockerCli.RunAsync(d.DockerHost, "rm", "-f", "conn-stopped");
            await DockerCli.RunAsync(d.DockerHost, "network", "rm", "conn-static");
        }
    }

    [SkippableFact]
    public async Task Bad_connect_and_disconnect_input_is_refused_in_Dockers_words_and_changes_nothing()
    {
        var d = Require();
        try
        {
            await Ok(d, "network", "create", "--subnet", "10.141.4.0/24", "conn-bad");
            await Ok(d, "run", "-d", "--name", "conn-x", "--network", "conn-bad", "busybox", "sleep", "120");
            var id = await Ok(d, "inspect", "-f", "{{.Id}}", "conn-x");
            await Ok(d, "run", "-d", "--name", "conn-host", "--network", "host", "busybox", "sleep", "120");

            Assert.Contains("network nosuch-net not found", await Fails(d, "network", "connect", "nosuch-net", "conn-x"));
            Assert.Contains("No such container: nosuch-ctr", await Fails(d, "network", "connect", "conn-bad", "nosuch-ctr"));
            Assert.Contains("endpoint with name conn-x already exists in network conn-bad", await Fails(d, "network", "connect", "conn-bad", "conn-x"));
            Assert.Contains($"container {id} is not connected to network bridge", await Fails(d, "network", "disconnect", "bridge", "conn-x"));
            Assert.Contains("container cannot be disconnected from host network or connected to host network",
                await Fails(d, "network", "connect", "conn-bad", "conn-host"));
            Assert.Contains("--ip 10.141.99.9 is not a usable address of network bridge",
                (await Fails(d, "network", "connect", "--ip", "10.141.99.9", "bridge", "conn-x")).Replace("\n", " "));
            Assert.Contains("Links (--link) are not supported", await Fails(d, "network", "connect", "--link", "conn-host:h", "bridge", "conn-x"));

            // Nothing changed: conn-x is on conn-bad alone, with one interface besides lo.
            Assert.Equal("conn-bad", await Ok(d, "inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}", "conn-x"));
            Assert.Equal(2, (await Ok(d, "exec", "conn-x", "ip", "-o", "link")).Split('\n').Length);
        }
        finally
        {
            await DockerCli.RunAsync(d.DockerHost, "rm", "-f", "conn-x", "conn-host");
            await DockerCli.RunAsync(d.DockerHost, "network", "rm", "conn-bad");
        }
    }
}
