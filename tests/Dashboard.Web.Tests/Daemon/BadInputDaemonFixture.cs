using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// One real daemon for the whole bad-input table, with the objects the conflict cases need: a created (stopped)
/// container, a running one, and an imported image that a container uses. Not started when prerequisites are missing
/// (the tests then skip, or fail under CI=true, through <see cref="RequireDaemon"/>).
/// </summary>
public sealed class BadInputDaemonFixture : IAsyncLifetime
{
    public const string Stopped = "edge-stopped";
    public const string Running = "edge-running";
    public const string InUseImage = "edge-inuse:1";
    /// <summary>Created on the network of <see cref="Stopped"/>, so starting it is refused while that is not running.</summary>
    public const string Joiner = "edge-joiner";
    public const string UploadLimit = "4MiB";
    public const string UnpackedLimit = "3MiB";

    public DaemonProcess? Daemon { get; private set; }
    public string? StoppedId { get; private set; }

    /// <summary>The daemon, or a skip (a failure under CI=true) naming what is missing.</summary>
    public DaemonProcess RequireDaemon(bool needsDockerCli = false)
    {
        DaemonPrerequisites.Require(needsDockerCli);
        return Daemon ?? throw new InvalidOperationException("the bad-input daemon did not start");
    }

    public async Task InitializeAsync()
    {
        if (DaemonPrerequisites.Missing() is not null) return;
        Daemon = await DaemonProcess.StartAsync(new Dictionary<string, string>
        {
            // Small enough for the table's bombs to stay cheap, large enough for the busybox import below (2 MB).
            ["Engine__ImageMaxUploadSize"] = UploadLimit,
            ["Engine__ImageMaxUnpackedSize"] = UnpackedLimit,
        });
        var work = Directory.CreateTempSubdirectory("dash-edge-img-").FullName;
        try
        {
            var tar = Path.Combine(work, "rootfs.tar");
            TestImages.Tar(TestImages.BusyboxRootfs(Path.Combine(work, "rootfs")), tar);
            await using var file = File.OpenRead(tar);
            using var import = await Daemon.Http.PostAsync($"/api/images/import?reference={InUseImage}", new StreamContent(file));
            await EnsureAsync(import, "import");
        }
        finally
        {
            Directory.Delete(work, true);
        }
        StoppedId = (await CreateAsync(new { name = Stopped, image = "busybox", cmd = new[] { "true" } }, start: false)).GetProperty("id").GetString();
        await CreateAsync(new { name = Running, image = "busybox", cmd = new[] { "sleep", "600" } }, start: true);
        await CreateAsync(new { name = "edge-uses-image", image = InUseImage, cmd = new[] { "true" } }, start: false);
        await CreateAsync(new { name = Joiner, image = "busybox", cmd = new[] { "true" }, network = "container:" + Stopped }, start: false);
    }

    private async Task<JsonElement> CreateAsync(object dto, bool start)
    {
        using var response = await Daemon!.Http.PostAsJsonAsync($"/api/containers?start={start}", dto);
        await EnsureAsync(response, "create");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"fixture {what} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task DisposeAsync()
    {
        if (Daemon is not null) await Daemon.DisposeAsync();
    }
}
