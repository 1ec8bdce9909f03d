using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Web.Access;
using Dashboard.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Web.Tests.Access;

/// <summary>Viewers see a container's environment names, never its values; operators, admins and the socket see values.
/// Nothing that records or streams containers (audit log, hub) carries an environment value to a viewer.</summary>
public sealed class EnvMaskTests : IAsyncLifetime
{
    private const string Secret = "hunter2-s3cret";
    private AccessHost _host = null!;
    private readonly Dictionary<string, string> _tokens = [];

    public async Task InitializeAsync()
    {
        _host = await AccessHost.StartAsync();
        await _host.CreateAdminAsync();
        foreach (var role in Roles.All)
            _tokens[role] = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, role + "-token", role, CancellationToken.None));
        using var unix = _host.Unix();
        (await unix.PostAsJsonAsync("/v1.44/containers/create?name=db",
            new { Image = "busybox", Env = new[] { $"DB_PASSWORD={Secret}", "MODE=", "PASSTHROUGH" } })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<JsonElement> GetAsync(string path, string? role)
    {
        using var client = role is null ? _host.Unix() : _host.Tcp();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (role is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[role]);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Theory]
    [InlineData("/v1.44/containers/db/json")]
    [InlineData("/containers/db/json")]
    public async Task Docker_inspect_masks_values_for_viewers(string path)
    {
        var env = Strings((await GetAsync(path, Roles.Viewer)).GetProperty("Config").GetProperty("Env"));
        Assert.Contains("DB_PASSWORD=********", env);
        Assert.Contains("MODE=********", env); // even an empty value: nothing about a value shows
        Assert.Contains("PASSTHROUGH", env);
        Assert.Contains("PATH=********", env); // the image's part of the environment too
        Assert.DoesNotContain(env, e => e.Contains(Secret, StringComparison.Ordinal));

        foreach (var role in new string?[] { Roles.Operator, Roles.Admin, null })
            Assert.Contains($"DB_PASSWORD={Secret}", Strings((await GetAsync(path, role)).GetProperty("Config").GetProperty("Env")));
    }

    [Fact]
    public async Task The_native_detail_masks_values_for_viewers()
    {
        var env = Strings((await GetAsync("/api/containers/db", Roles.Viewer)).GetProperty("config").GetProperty("env"));
        Assert.Equal(["DB_PASSWORD=********", "MODE=********", "PASSTHROUGH"], env);
        foreach (var role in new string?[] { Roles.Operator, Roles.Admin, null })
            Assert.Contains($"DB_PASSWORD={Secret}", Strings((await GetAsync("/api/containers/db", role)).GetProperty("config").GetProperty("env")));
    }

    [Fact]
    public async Task No_list_stream_or_audit_entry_carries_a_value()
    {
        // Lists.
        Assert.DoesNotContain(Secret, (await GetAsync("/v1.44/containers/json?all=1", Roles.Viewer)).GetRawText());
        Assert.DoesNotContain(Secret, (await GetAsync("/api/containers?all=true", Roles.Viewer)).GetRawText());

        // The hub's container stream, as a viewer's script reads it.
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_host.BaseAddress, EngineHubEndpoints.Path), o =>
            {
                o.Transports = HttpTransportType.ServerSentEvents;
                o.Headers["Authorization"] = "Bearer " + _tokens[Roles.Viewer];
            })
            .Build();
        await hub.StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var batch in hub.StreamAsync<JsonElement>("WatchContainers", cts.Token))
        {
            Assert.Contains("\"db\"", batch.GetRawText());
            Assert.DoesNotContain(Secret, batch.GetRawText());
            break;
        }

        // Creates by an operator over TCP, through both APIs: the audit log names them, and stores no environment.
        using var tcp = _host.Tcp();
        foreach (var (path, body) in new (string, object)[]
        {
            ("/v1.44/containers/create?name=db2", new { Image = "busybox", Env = new[] { $"DB_PASSWORD={Secret}" } }),
            ("/api/containers", new { image = "busybox", name = "db3", env = new[] { $"DB_PASSWORD={Secret}" } }),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens[Roles.Operator]);
            Assert.Equal(HttpStatusCode.Created, (await tcp.SendAsync(request)).StatusCode);
        }
        var audit = await ((IAuditLog)_host.Services.GetService(typeof(IAuditLog))!).RecentAsync(100, CancellationToken.None);
        Assert.Contains(audit, e => e.Action == "container.create" && e.Target == "db2");
        Assert.Contains(audit, e => e.Action == "container.create");
        Assert.DoesNotContain(audit, e => $"{e.Target} {e.Detail}".Contains(Secret, StringComparison.Ordinal));
    }
}
