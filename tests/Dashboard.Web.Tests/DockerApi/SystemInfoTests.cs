using System.Text.Json;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>/info over the daemon's own composition: what it reports comes from the validated settings.</summary>
public sealed class SystemInfoTests : IAsyncLifetime
{
    private readonly DockerApiServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();
    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task DockerRootDir_is_the_configured_data_root()
    {
        using var http = _server.CreateHttpClient();
        using var info = JsonDocument.Parse(await http.GetStringAsync("/v1.44/info"));

        Assert.NotEqual("/var/lib/dashboard", _server.DataRoot);
        Assert.Equal(_server.DataRoot, info.RootElement.GetProperty("DockerRootDir").GetString());
    }
}
