using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Namespaces;
using Dashboard.Web.Tests.Fakes;

namespace Dashboard.Web.Tests.NativeApi;

/// <summary>dashctl ns, in process, against the native API on a unix socket.</summary>
public sealed class NamespaceDashctlTests : IAsyncLifetime
{
    private NativeApiHost _host = null!;

    public async Task InitializeAsync() => _host = await NativeApiHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task RunAsync(string name) =>
        Assert.Equal(0, (await _host.DashctlAsync("run", "-d", "--name", name, "busybox", "sleep", "inf")).ExitCode);

    [Fact]
    public async Task Ns_prints_the_readable_report_and_json_prints_the_api_shape()
    {
        await RunAsync("web");
        await RunAsync("db");

        var text = await _host.DashctlAsync("ns", "web");
        Assert.Equal(0, text.ExitCode);
        Assert.StartsWith("Container web (", text.Stdout);
        Assert.Matches($@"\nnet\s+{FakeNamespaceInspector.NetInode}\s+no\s+db\n", text.Stdout);
        Assert.Matches(@"\nUTS\nHostname\s+web-1\n", text.Stdout);

        var json = await _host.DashctlAsync("ns", "web", "--json");
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        var net = doc.RootElement.GetProperty("namespaces").GetProperty("net");
        Assert.Equal(FakeNamespaceInspector.NetInode, net.GetProperty("inode").GetUInt64());
        Assert.Equal("db", net.GetProperty("sharedWith")[0].GetProperty("name").GetString());
        Assert.NotNull(JsonSerializer.Deserialize<NamespaceReportDto>(json.Stdout, ContractJson.Options));
    }

    [Fact]
    public async Task Top_prints_ps_ef_columns_with_host_pids()
    {
        await RunAsync("web");
        var pid = _host.Engine.Get("web").State.Pid!.Value;

        var top = await _host.DashctlAsync("top", "web");
        Assert.Equal(0, top.ExitCode);
        var lines = top.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$", lines[0]);
        // The fake's table: init (host pid = the engine's pid, parent outside) and its child nc.
        Assert.Matches($@"^root\s+{pid}\s+{pid - 5}\s+0\s+\d\d:\d\d\s+\?\s+00:00:02\s+sh -c nc -l -p 8080 & sleep 300$", lines[1]);
        Assert.Matches($@"^app\s+{pid + 1}\s+{pid}\s+0\s+\S+\s+\?\s+00:00:00\s+nc -l -p 8080$", lines[2]);
        Assert.Equal(3, lines.Length);

        var missing = await _host.DashctlAsync("top", "nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope", missing.Stderr);
    }

    [Fact]
    public async Task Ns_without_a_container_prints_the_map()
    {
        await RunAsync("alpha");
        await RunAsync("beta");

        var map = await _host.DashctlAsync("ns");
        Assert.Equal(0, map.ExitCode);
        Assert.Matches(@"^TYPE\s+INODE\s+SHARING\s+CONTAINERS\n", map.Stdout);
        Assert.Matches($@"\nnet\s+{FakeNamespaceInspector.NetInode}\s+shared\s+alpha, beta\n", map.Stdout);

        var json = await _host.DashctlAsync("ns", "--json");
        Assert.Equal(2, JsonSerializer.Deserialize<NamespaceMapDto>(json.Stdout, ContractJson.Options)!.Namespaces["pid"].Count);
    }

    [Fact]
    public async Task Ns_of_an_unknown_or_stopped_container_fails_with_the_daemons_words()
    {
        Assert.Equal(0, (await _host.DashctlAsync("create", "--name", "idle", "busybox")).ExitCode);

        var missing = await _host.DashctlAsync("ns", "nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error response from daemon: No such container: nope\n", missing.Stderr);
        Assert.Empty(missing.Stdout);

        var stopped = await _host.DashctlAsync("ns", "idle");
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("container is created", stopped.Stderr);
    }
}
