using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>Creates and starts containers through the daemon's Docker API (no CLI in between), for the issue-3
/// tests that watch what the daemon reports about them.</summary>
internal static class DaemonContainers
{
    public const string MemoryHog = "x=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; while true; do x=$x$x; done";

    public static async Task<string> RunAsync(DaemonProcess d, string name, long? memory, params string[] cmd)
    {
        var hostConfig = memory is { } bytes ? new { Memory = bytes, MemorySwap = bytes } : null;
        using var created = await d.Http.PostAsJsonAsync($"/containers/create?name={name}",
            new { Image = "busybox", Cmd = cmd, HostConfig = hostConfig });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, $"create {name}: {(int)created.StatusCode} {body}");
        var id = JsonDocument.Parse(body).RootElement.GetProperty("Id").GetString()!;
        using var started = await d.Http.PostAsync($"/containers/{id}/start", null);
        Assert.True(started.IsSuccessStatusCode, $"start {name}: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
        return id;
    }

    public static async Task RemoveAsync(DaemonProcess d, string id)
    {
        using var removed = await d.Http.DeleteAsync($"/containers/{id}?force=1");
        Assert.True(removed.IsSuccessStatusCode, $"rm {id}: {(int)removed.StatusCode} {await removed.Content.ReadAsStringAsync()}");
    }
}
