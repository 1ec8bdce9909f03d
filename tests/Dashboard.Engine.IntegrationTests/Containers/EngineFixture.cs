using System.Text;
using Dashboard.Data;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Hosting;
using Dashboard.Engine.Spec;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.IntegrationTests.Containers;

/// <summary>
/// A whole engine over real runc, conmon, overlayfs and SQLite, in its own data root, run root and cgroup parent,
/// so that nothing it creates can collide with anything else on the host. Disposing removes every container it
/// made, then its cgroup parent directories and temp dirs.
/// </summary>
public sealed class EngineFixture : IAsyncDisposable
{
    public string Root { get; }
    public EngineOptions Options { get; }
    public EngineHost Host { get; private set; } = null!;
    public ContainerEngine Engine => Host.Containers;

    private EngineFixture()
    {
        Root = Directory.CreateTempSubdirectory("dash-it-").FullName;
        Options = new EngineOptions
        {
            DataRoot = Path.Combine(Root, "data"),
            RunRoot = Path.Combine(Root, "run"),
            CgroupParent = $"dashboard-it-{Guid.NewGuid():N}"[..24],
            DefaultStopTimeoutSeconds = 2,
        };
    }

    public static async Task<EngineFixture> StartAsync()
    {
        var fixture = new EngineFixture();
        await fixture.StartHostAsync();
        return fixture;
    }

    private async Task StartHostAsync()
    {
        var database = SqliteDatabase.Open(Options.DatabasePath);
        Host = await EngineHost.CreateAsync(Options, new ContainerRepository(database), new EventRepository(database),
            NullLoggerFactory.Instance, CancellationToken.None);
        await Host.StartAsync(CancellationToken.None);
    }

    /// <summary>Drops the engine without touching its containers (as a daemon crash would) and starts a new one
    /// over the same state.</summary>
    public async Task RestartEngineAsync()
    {
        await Host.DisposeAsync();
        await StartHostAsync();
    }

    public async Task<ContainerRecord> RunAsync(CreateContainerRequest request)
    {
        var created = await Engine.CreateAsync(request, CancellationToken.None);
        await Engine.StartAsync(created.Id, CancellationToken.None);
        return created;
    }

    /// <summary>Runs to completion and returns (exit code, stdout+stderr).</summary>
    public async Task<(int ExitCode, string Output)> RunToEndAsync(CreateContainerRequest request)
    {
        var created = await Engine.CreateAsync(request, CancellationToken.None);
        var exit = Engine.WaitAsync(created.Id, WaitCondition.NextExit, CancellationToken.None);
        await Engine.StartAsync(created.Id, CancellationToken.None);
        var result = await exit.WaitAsync(TimeSpan.FromSeconds(30));
        return (result.StatusCode, await LogsAsync(created.Id));
    }

    public async Task<string> LogsAsync(string id)
    {
        var text = new StringBuilder();
        await foreach (var entry in Engine.ReadLogsAsync(id, new LogOptions(), CancellationToken.None))
            text.Append(Encoding.UTF8.GetString(entry.Content));
        return text.ToString();
    }

    public string CgroupDir(string controller, string id) => $"/sys/fs/cgroup/{controller}/{Options.CgroupParent}/{id}";

    public async ValueTask DisposeAsync()
    {
        foreach (var container in Engine.List())
        {
            try { await Engine.RemoveAsync(container.Id, force: true, CancellationToken.None); }
            catch (Exception) { /* best effort: keep cleaning the rest */ }
        }
        await Host.DisposeAsync();
        // A runtime may still be deleting a child cgroup for a moment: retry before giving up.
        for (var attempt = 0; attempt < 10 && CgroupParentLeft(); attempt++)
        {
            if (attempt > 0) await Task.Delay(200);
            foreach (var hierarchy in Directory.GetDirectories("/sys/fs/cgroup"))
            {
                var parent = Path.Combine(hierarchy, Options.CgroupParent);
                if (!Directory.Exists(parent)) continue;
                foreach (var child in Directory.GetDirectories(parent)) TryRmdir(child);
                TryRmdir(parent);
            }
        }
        try { Directory.Delete(Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private bool CgroupParentLeft() =>
        Directory.GetDirectories("/sys/fs/cgroup").Any(h => Directory.Exists(Path.Combine(h, Options.CgroupParent)));

    private static void TryRmdir(string path)
    {
        try { Directory.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
