using System.Formats.Tar;
using System.Net;
using System.Text;
using System.Text.Json;
using Dashboard.Web.Tests.Daemon.Stress;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>What the cp tests share: the docker CLI, the stat header, tars built in memory, a host canary that no copy
/// may read or write, and the checks that a copy left no mount and no mount namespace behind.</summary>
internal static class CpSupport
{
    public static async Task<DockerCli.Result> RunDocker(DaemonProcess d, params string[] args) => await DockerCli.RunAsync(d.DockerHost, args);

    public static async Task<string> Ok(DaemonProcess d, params string[] args)
    {
        var result = await RunDocker(d, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    /// <summary>docker run -d busybox sh -c SCRIPT, then waits until <paramref name="ready"/> exists in it (copied through
    /// HEAD), so the script's set-up is done.</summary>
    public static async Task RunAsync(DaemonProcess d, string name, string script, string ready, params string[] options)
    {
        await Ok(d, ["run", "-d", "--name", name, .. options, "busybox", "sh", "-c", script]);
        await Eventually.TrueAsync(async () => (await StatAsync(d, name, ready)).Status == HttpStatusCode.OK, $"{ready} in {name}");
    }

    /// <summary>HEAD /containers/{name}/archive: the status and the decoded X-Docker-Container-Path-Stat JSON.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Stat)> StatAsync(DaemonProcess d, string container, string path)
    {
        using var response = await d.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1.44/containers/{container}/archive?path={Uri.EscapeDataString(path)}"));
        if (!response.Headers.TryGetValues("X-Docker-Container-Path-Stat", out var values)) return (response.StatusCode, default);
        return (response.StatusCode, JsonDocument.Parse(Convert.FromBase64String(values.Single())).RootElement.Clone());
    }

    /// <summary>GET /containers/{name}/archive as (name, type, link, content) entries, or the status when it failed.</summary>
    public static async Task<(HttpStatusCode Status, List<(string Name, TarEntryType Type, string Link, string Content)> Entries)> GetAsync(
        DaemonProcess d, string container, string path)
    {
        using var response = await d.Http.GetAsync($"/v1.44/containers/{container}/archive?path={Uri.EscapeDataString(path)}");
        if (!response.IsSuccessStatusCode) return (response.StatusCode, []);
        return (response.StatusCode, Entries(await response.Content.ReadAsByteArrayAsync()));
    }

    public static async Task<(HttpStatusCode Status, string Body)> PutAsync(DaemonProcess d, string container, string path, byte[] tar, string query = "")
    {
        using var response = await d.Http.PutAsync($"/v1.44/containers/{container}/archive?path={Uri.EscapeDataString(path)}{query}", new ByteArrayContent(tar));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static List<(string Name, TarEntryType Type, string Link, string Content)> Entries(byte[] tar)
    {
        var entries = new List<(string, TarEntryType, string, string)>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
            entries.Add((entry.Name, entry.EntryType, entry.LinkName, entry.DataStream is { } data ? new StreamReader(data, Encoding.UTF8).ReadToEnd() : ""));
        return entries;
    }

    /// <summary>A tar built in memory, malicious entries included.</summary>
    public static byte[] Tar(params TarEntry[] entries)
    {
        var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var entry in entries) writer.WriteEntry(entry);
        return buffer.ToArray();
    }

    public static PaxTarEntry FileEntry(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = (UnixFileMode)0b110_100_100 };

    public static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    /// <summary>The fds of the daemon that hold a mount namespace open: each is a copy's view still alive.</summary>
    public static int MountNamespaceFds(DaemonProcess d) =>
        new DirectoryInfo($"/proc/{d.Pid}/fd").EnumerateFileSystemInfos()
            .Count(f => { try { return f.LinkTarget?.StartsWith("mnt:", StringComparison.Ordinal) == true; } catch (IOException) { return false; } });

    /// <summary>No view is open, no mount of a stopped container is left on the host, and every source of the daemon's
    /// state agrees.</summary>
    public static async Task AssertNothingLeakedAsync(DaemonProcess d)
    {
        await Eventually.AssertAsync(async () =>
        {
            Assert.Equal(0, MountNamespaceFds(d));
            Assert.Empty((await DaemonFootprint.ReadAsync(d)).Disagreements());
            await Task.CompletedTask;
        });
    }
}

/// <summary>A host directory with a canary file, beside the containers: every escape aims here. Removed on dispose.</summary>
internal sealed class HostCanary : IDisposable
{
    public const string Text = "CANARY: a host file no copy may read";

    public HostCanary()
    {
        Directory.CreateDirectory(Path);
        System.IO.File.WriteAllText(File, Text);
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("dash-canary-").FullName;
    public string File => System.IO.Path.Combine(Path, "canary.txt");

    /// <summary>Fails when anything but the canary file is in the directory, or the canary changed or gained a link.</summary>
    public void AssertUntouched()
    {
        Assert.Equal(["canary.txt"], Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName));
        Assert.Equal(Text, System.IO.File.ReadAllText(File));
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
