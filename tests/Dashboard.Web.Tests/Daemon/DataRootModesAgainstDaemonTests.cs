using System.Net.Http.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// The real daemon on a data root it creates itself: 0710, with the database, its WAL and shm 0600 and the
/// cookie-signing keys 0700/0600 (a local user once read a container's password from a 0644 WAL). A data root an
/// earlier version left loose is tightened at the next start, with a log line per fix.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class DataRootModesAgainstDaemonTests
{
    private static string Octal(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    private static async Task ExpectPrivateAsync(DaemonProcess daemon)
    {
        // A container whose environment lands in the database (and first in its WAL), and a page that makes the
        // daemon write its first cookie-signing key.
        (await daemon.Http.PostAsJsonAsync($"/v1.44/containers/create?name=modes-{Guid.NewGuid():N}",
            new { Image = "busybox", Env = new[] { "DB_PASSWORD=hunter2" } })).EnsureSuccessStatusCode();
        using var tcp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{daemon.TcpPort}") };
        (await tcp.GetAsync("/login")).EnsureSuccessStatusCode();

        var db = Path.Combine(daemon.DataRoot, "dashboard.db");
        var keys = Path.Combine(daemon.DataRoot, "keys");
        Assert.Equal("710", Octal(daemon.DataRoot));
        foreach (var file in new[] { db, db + "-wal", db + "-shm" })
        {
            Assert.True(File.Exists(file), file + " missing");
            Assert.Equal("600", Octal(file));
        }
        Assert.Equal("700", Octal(keys));
        var keyFiles = Directory.GetFiles(keys);
        Assert.NotEmpty(keyFiles);
        Assert.All(keyFiles, k => Assert.Equal("600", Octal(k)));
    }

    [SkippableFact]
    public async Task A_fresh_data_root_is_private_and_a_loose_one_is_tightened_at_start()
    {
        DaemonPrerequisites.Require();
        await using var daemon = await DaemonProcess.StartAsync();
        await ExpectPrivateAsync(daemon);

        // As an earlier version (or a careless restore) left it.
        daemon.KillHard();
        var db = Path.Combine(daemon.DataRoot, "dashboard.db");
        var loose = new[] { daemon.DataRoot, Path.Combine(daemon.DataRoot, "keys") };
        foreach (var dir in loose) File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        foreach (var file in new[] { db, db + "-wal", db + "-shm" }.Concat(Directory.GetFiles(Path.Combine(daemon.DataRoot, "keys"))).Where(File.Exists))
            File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);

        await daemon.StartProcessAsync();
        await ExpectPrivateAsync(daemon);
        Assert.Contains($"tightened {daemon.DataRoot} from 0755 to 0710", daemon.Log);
        Assert.Contains($"tightened {db} from 0644 to 0600", daemon.Log);
    }
}
