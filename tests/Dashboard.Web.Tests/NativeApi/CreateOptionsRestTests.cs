using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;

namespace Dashboard.Web.Tests.NativeApi;

/// <summary>POST /api/containers takes the security, mount and process options as typed and the detail echoes them.</summary>
public sealed class CreateOptionsRestTests : IAsyncLifetime
{
    private NativeApiHost _host = null!;

    public async Task InitializeAsync() => _host = await NativeApiHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpResponseMessage> CreateAsync(object body) =>
        _host.Http.PostAsync("api/containers", new StringContent(JsonSerializer.Serialize(body, ContractJson.Options), Encoding.UTF8, "application/json"));

    [Fact]
    public async Task The_options_go_in_as_typed_and_the_detail_shows_them()
    {
        using var response = await CreateAsync(new CreateContainerDto
        {
            Name = "opts", Image = "busybox",
            CapDrop = ["all"], CapAdd = ["net_admin"], ReadOnly = true, SecurityOpt = ["no-new-privileges=false"],
            Ulimits = ["nofile=64:128"], Tmpfs = ["/run:size=64m"], Mounts = ["type=tmpfs,target=/t,tmpfs-size=1m"],
            Devices = ["/dev/zero:/dev/myzero"], Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" },
            ShmSize = "128m", GroupAdd = ["10"], OomScoreAdj = 100, CpusetMems = "0", PidsLimit = 0,
        });
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, json);
        var config = JsonSerializer.Deserialize<ContainerDetailDto>(json, ContractJson.Options)!.Config;
        Assert.Equal(["CAP_NET_ADMIN"], config.CapAdd);
        Assert.Equal(["ALL"], config.CapDrop);
        Assert.True(config.ReadOnly);
        Assert.Equal(["no-new-privileges=false"], config.SecurityOpt);
        Assert.Equal(["nofile=64:128"], config.Ulimits);
        Assert.Equal(["/run:size=64m"], config.Tmpfs);
        Assert.Equal(["type=tmpfs,target=/t,tmpfs-size=1048576"], config.Mounts);
        Assert.Equal(["/dev/zero:/dev/myzero:rwm"], config.Devices);
        Assert.Equal("1", config.Sysctls["net.ipv4.ip_forward"]);
        Assert.Equal(128L << 20, config.ShmSizeBytes);
        Assert.Equal(["10"], config.GroupAdd);
        Assert.Equal(100, config.OomScoreAdj);
        Assert.Equal("0", config.Limits.CpusetMems);
        Assert.Null(config.Limits.PidsLimit); // 0 at the native API: unlimited, as Docker's daemon reads it
    }

    [Fact]
    public async Task A_refused_option_is_a_400_problem_naming_its_flag()
    {
        using var response = await CreateAsync(new { image = "busybox", mounts = new[] { "type=volume,source=data,target=/data,volume-opt=type=nfs" }, sysctls = new Dictionary<string, string> { ["kernel.panic"] = "1" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("volume-opt is not supported", errors.GetProperty("mount")[0].GetString());
        Assert.Contains("sysctl 'kernel.panic=1' is not allowed", errors.GetProperty("sysctl")[0].GetString());
        Assert.Empty(_host.Engine.List());
    }

    [Fact]
    public async Task A_misspelt_option_is_still_an_error_not_ignored()
    {
        using var response = await CreateAsync(new { image = "busybox", capdrop_ = new[] { "ALL" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("capdrop_", await response.Content.ReadAsStringAsync());
    }
}
