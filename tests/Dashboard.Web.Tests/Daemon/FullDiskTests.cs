using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Web.Tests.Daemon.Stress;
using Microsoft.Data.Sqlite;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// Issue 9 point 3 against the real daemon, with its data root on a 64 MiB tmpfs the test fills itself: the daemon
/// starts there (seeding busybox does not need the 2 GiB import reserve); while the disk is full, create and start
/// answer 507 at both API edges and leave nothing behind, and containers that exit keep their exact exit code, also
/// across a daemon restart; once space returns the database catches up and every source agrees again.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class FullDiskTests
{
    // Exits with 1 on SIGTERM (a trap: as PID 1 it would ignore the signal otherwise).
    private static readonly string[] ExitOnTerm = ["sh", "-c", "trap 'exit 1' TERM; while true; do sleep 0.1; done"];

    [SkippableFact]
    public async Task A_full_data_root_answers_507_and_loses_no_exit_code()
    {
        DaemonPrerequisites.Require();
        using var disk = SmallDisk.Mount(64);
        await using var d = await DaemonProcess.StartAsync(dataRoot: Path.Combine(disk.Path, "data"));
        try
        {
            await FullDiskScenarioAsync(d, disk);
        }
        finally
        {
            disk.Free(); // so that disposing the daemon can remove its containers even when the test failed
        }
    }

    private static async Task FullDiskScenarioAsync(DaemonProcess d, SmallDisk disk)
    {
        var waiting = await CreateAsync(d, "waiting", ["sleep", "300"]);
        var exiterA = await CreateAsync(d, "exiter-a", ExitOnTerm);
        var exiterB = await CreateAsync(d, "exiter-b", ExitOnTerm);
        await PostAsync(d, $"/v1.44/containers/{exiterA}/start", HttpStatusCode.NoContent);
        await PostAsync(d, $"/v1.44/containers/{exiterB}/start", HttpStatusCode.NoContent);
        foreach (var exiter in new[] { exiterA, exiterB }) await SignalDisposition.TrappedAsync(await PidAsync(d, exiter));

        // An empty WAL, so that any write to the database needs new space; then not one byte is left.
        CheckpointWal(d);
        disk.Fill();
        Assert.Equal(0, disk.AvailableBytes);

        using (var create = await d.Http.PostAsync("/v1.44/containers/create?name=nospace", Json("""{"Image":"busybox","Cmd":["true"]}""")))
        {
            var message = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()!;
            Assert.True(create.StatusCode == HttpStatusCode.InsufficientStorage, $"{(int)create.StatusCode} {message}");
            Assert.Contains("the disk is full", message);
            Assert.Contains(d.DataRoot, message);
        }
        using (var native = await d.Http.PostAsync("/api/containers", Json("""{"image":"busybox","name":"nospace","cmd":["true"]}""")))
        {
            Assert.Equal(HttpStatusCode.InsufficientStorage, native.StatusCode);
            Assert.Equal("application/problem+json", native.Content.Headers.ContentType?.MediaType);
            var problem = await native.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("The disk is full.", problem.GetProperty("title").GetString());
            Assert.Contains(d.DataRoot, problem.GetProperty("detail").GetString());
        }
        using (var start = await d.Http.PostAsync($"/v1.44/containers/{waiting}/start", null))
            Assert.Equal(HttpStatusCode.InsufficientStorage, start.StatusCode);
        Assert.Equal("created", await StatusAsync(d, waiting));
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(d.DataRoot, "containers")), dir => !new[] { waiting, exiterA, exiterB }.Contains(Path.GetFileName(dir)));
        Assert.False(Directory.Exists(Path.Combine(d.RunRoot, "runtime", waiting)), "the refused start left runtime state");

        // Both exit while the disk is full: the API knows at once, the database cannot, so the exit files stay.
        foreach (var id in new[] { exiterA, exiterB })
        {
            await PostAsync(d, $"/v1.44/containers/{id}/kill?signal=TERM", HttpStatusCode.NoContent);
            using var wait = await d.Http.PostAsync($"/v1.44/containers/{id}/wait", null);
            Assert.Equal(1, (await wait.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("StatusCode").GetInt32());
            Assert.Equal(("exited", 1), await StateAsync(d, id));
            Assert.Equal(("Running", (int?)0), Row(d, id));
            Assert.True(File.Exists(Path.Combine(d.RunRoot, "exits", id)), "the exit file went before the exit was written");
        }

        // A restart while the disk is still full reads the exit files.
        d.KillHard();
        await d.StartProcessAsync();
        Assert.Equal(("exited", 1), await StateAsync(d, exiterA));
        Assert.Equal(("exited", 1), await StateAsync(d, exiterB));

        // Space returns: the writes land and every source agrees; and again after another restart.
        disk.Free();
        await AgreeAsync(d);
        Assert.Equal(("Exited", (int?)1), Row(d, exiterA));
        Assert.Equal(("Exited", (int?)1), Row(d, exiterB));
        d.KillHard();
        await d.StartProcessAsync();
        Assert.Equal(("exited", 1), await StateAsync(d, exiterA));
        Assert.Equal(("exited", 1), await StateAsync(d, exiterB));
        await PostAsync(d, $"/v1.44/containers/{waiting}/start", HttpStatusCode.NoContent);
        await AgreeAsync(d);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> CreateAsync(DaemonProcess d, string name, string[] cmd)
    {
        using var created = await d.Http.PostAsJsonAsync($"/v1.44/containers/create?name={name}", new { Image = "busybox", Cmd = cmd });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"create {name}: {(int)created.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("Id").GetString()!;
    }

    private static async Task PostAsync(DaemonProcess d, string path, HttpStatusCode expected)
    {
        using var response = await d.Http.PostAsync(path, null);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> StatusAsync(DaemonProcess d, string id) =>
        (await d.GetJsonAsync($"/v1.44/containers/{id}/json")).GetProperty("State").GetProperty("Status").GetString()!;

    private static async Task<(string, int)> StateAsync(DaemonProcess d, string id)
    {
        var state = (await d.GetJsonAsync($"/v1.44/containers/{id}/json")).GetProperty("State");
        return (state.GetProperty("Status").GetString()!, state.GetProperty("ExitCode").GetInt32());
    }

    private static SqliteConnection Open(DaemonProcess d, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(d.DataRoot, "dashboard.db"),
            Mode = mode,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>The status and exit code columns of a container's row.</summary>
    private static (string, int?) Row(DaemonProcess d, string id)
    {
        using var connection = Open(d, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, exit_code FROM containers WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no row for {id}");
        return (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
    }

    private static async Task<int> PidAsync(DaemonProcess d, string id)
    {
        using var inspect = JsonDocument.Parse(await d.Http.GetStringAsync($"/v1.44/containers/{id}/json"));
        return inspect.RootElement.GetProperty("State").GetProperty("Pid").GetInt32();
    }

    /// <summary>Moves the WAL into the database file and truncates it, retrying while the daemon is mid-write.</summary>
    private static void CheckpointWal(DaemonProcess d)
    {
        using var connection = Open(d, SqliteOpenMode.ReadWrite);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var reader = command.ExecuteReader();
            if (reader.Read() && reader.GetInt32(0) == 0) return;
            Thread.Sleep(100);
        }
        throw new InvalidOperationException("the WAL could not be checkpointed");
    }

    private static async Task AgreeAsync(DaemonProcess d)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        IReadOnlyList<string> problems;
        while (true)
        {
            problems = (await DaemonFootprint.ReadAsync(d)).Disagreements();
            if (problems.Count == 0 || DateTime.UtcNow > deadline) break;
            await Task.Delay(250);
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
