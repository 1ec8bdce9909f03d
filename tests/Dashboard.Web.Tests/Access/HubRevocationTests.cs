using Dashboard.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Access;

/// <summary>An open hub connection over TCP loses access as soon as its token is revoked.</summary>
public sealed class HubRevocationTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Revoking_a_token_aborts_its_hub_connection()
    {
        await _host.CreateAdminAsync();
        var secret = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "watcher", "viewer", CancellationToken.None));
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_host.BaseAddress, EngineHubEndpoints.Path), o =>
            {
                o.Transports = HttpTransportType.ServerSentEvents;
                o.Headers["Authorization"] = "Bearer " + secret;
            })
            .Build();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += ex => { closed.TrySetResult(ex); return Task.CompletedTask; };
        await connection.StartAsync();
        Assert.Equal(HubConnectionState.Connected, connection.State);

        var id = (await _host.WithAccessAsync(a => a.ListTokensAsync(CancellationToken.None))).Single().Id;
        await _host.WithAccessAsync(async a => { await a.RevokeTokenAsync(AccessHost.System, id, CancellationToken.None); return 0; });

        var finished = await Task.WhenAny(closed.Task, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Same(closed.Task, finished);
    }

    [Fact]
    public async Task A_hub_connection_without_credentials_is_refused()
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_host.BaseAddress, EngineHubEndpoints.Path), o => o.Transports = HttpTransportType.ServerSentEvents)
            .Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }
}
