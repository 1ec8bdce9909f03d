using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Namespaces;
using Dashboard.Contracts.Problems;
using Dashboard.Web.Tests.Fakes;

namespace Dashboard.Web.Tests.NativeApi;

/// <summary>GET /api/containers/{ref}/namespaces and GET /api/namespaces on the trusted unix socket.</summary>
public sealed class NamespaceRestTests : IAsyncLifetime
{
    private NativeApiHost _host = null!;

    public async Task InitializeAsync() => _host = await NativeApiHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<ContainerDetailDto> RunAsync(string name, bool start = true)
    {
        var body = new CreateContainerDto { Name = name, Image = "busybox", Cmd = ["sleep", "inf"] };
        using var response = await _host.Http.PostAsync($"api/containers?start={start}",
            new StringContent(JsonSerializer.Serialize(body, ContractJson.Options), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ContainerDetailDto>(ContractJson.Options))!;
    }

    [Fact]
    public async Task The_report_has_a_namespaces_object_keyed_by_type_with_inode_host_and_shared_with()
    {
        var web = await RunAsync("web");
        var db = await RunAsync("db");

        using var response = await _host.Http.GetAsync("api/containers/web/namespaces");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;

        var namespaces = root.GetProperty("namespaces");
        Assert.Equal(["pid", "net", "mnt", "uts", "ipc", "user", "cgroup"], namespaces.EnumerateObject().Select(p => p.Name));
        var net = namespaces.GetProperty("net");
        Assert.Equal(["inode", "host", "sharedWith"], net.EnumerateObject().Select(p => p.Name));
        Assert.Equal(FakeNamespaceInspector.NetInode, net.GetProperty("inode").GetUInt64());
        Assert.False(net.GetProperty("host").GetBoolean());
        var sharer = Assert.Single(net.GetProperty("sharedWith").EnumerateArray());
        Assert.Equal((db.Id, "db"), (sharer.GetProperty("id").GetString(), sharer.GetProperty("name").GetString()));
        Assert.True(namespaces.GetProperty("user").GetProperty("host").GetBoolean());

        Assert.Equal(web.State.Pid, root.GetProperty("hostPid").GetInt32());
        Assert.Equal(web.Id, root.GetProperty("container").GetProperty("id").GetString());
        var init = root.GetProperty("processes")[0];
        Assert.True(init.GetProperty("pid1").GetBoolean());
        Assert.Equal(1, init.GetProperty("containerPid").GetInt32());
        Assert.Equal(web.State.Pid, init.GetProperty("hostPid").GetInt32());
        Assert.Equal("web-1", root.GetProperty("uts").GetProperty("hostname").GetString());
        Assert.Equal("sha256:" + new string('b', 64), root.GetProperty("mounts").GetProperty("root").GetProperty("layers")[0].GetProperty("digest").GetString());
        Assert.Equal(["LOOPBACK", "UP", "LOWER_UP"], root.GetProperty("network").GetProperty("interfaces")[0].GetProperty("flags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("filter", root.GetProperty("user").GetProperty("seccomp").GetString());
        Assert.Equal("hybrid", root.GetProperty("cgroup").GetProperty("version").GetString());
        Assert.Equal("ipc: example warning", root.GetProperty("warnings")[0].GetString());

        // The same body reads back into the contract dashctl uses.
        var dto = JsonSerializer.Deserialize<NamespaceReportDto>(doc.RootElement.GetRawText(), ContractJson.Options)!;
        Assert.Equal(2, dto.Processes.Count);
        Assert.Equal(2.0, dto.Processes[0].CpuSeconds);
    }

    [Fact]
    public async Task An_unknown_container_is_a_404_problem_and_a_stopped_one_a_409()
    {
        await RunAsync("idle", start: false);

        using var missing = await _host.Http.GetAsync("api/containers/nope/namespaces");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No such container: nope", (await missing.Content.ReadFromJsonAsync<ProblemDto>(ContractJson.Options))!.Detail);

        using var stopped = await _host.Http.GetAsync("api/containers/idle/namespaces");
        Assert.Equal(HttpStatusCode.Conflict, stopped.StatusCode);
        Assert.Equal("application/problem+json", stopped.Content.Headers.ContentType?.MediaType);
        Assert.Contains("container is created", (await stopped.Content.ReadFromJsonAsync<ProblemDto>(ContractJson.Options))!.Detail);
    }

    [Fact]
    public async Task The_map_is_keyed_by_type_with_groups_of_members()
    {
        await RunAsync("alpha");
        await RunAsync("beta");

        var map = (await _host.Http.GetFromJsonAsync<NamespaceMapDto>("api/namespaces", ContractJson.Options))!;

        Assert.Equal(["pid", "net", "user"], map.Namespaces.Keys);
        Assert.Equal(2, map.Namespaces["pid"].Count);
        var net = Assert.Single(map.Namespaces["net"]);
        Assert.True(net.Shared);
        Assert.Equal(["alpha", "beta"], net.Members.Select(m => m.Name));
        Assert.True(Assert.Single(map.Namespaces["user"]).Host);
        using var raw = JsonDocument.Parse(await _host.Http.GetStringAsync("api/namespaces"));
        Assert.Equal(["inode", "host", "shared", "members"], raw.RootElement.GetProperty("namespaces").GetProperty("net")[0].EnumerateObject().Select(p => p.Name));
    }
}
