using System.Formats.Tar;
using System.Net;
using static Dashboard.Web.Tests.Daemon.CpSupport;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>docker cp, the real CLI against the real daemon: both ways, on running, exited and never-started
/// containers, files, directories, "dir/." and "-", and the stat the CLI decides with.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class DockerCpAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    [SkippableFact]
    public async Task Cp_both_ways_on_a_running_container()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        using var host = new TempDirectory("dash-cp-host-");
        // The container prints what it sees of the first copy: a running process gets the file at once.
        await RunAsync(d, "cp-run",
            "mkdir -p /data/sub && echo inside > /data/f && echo g > /data/sub/g && ln -s f /data/link && touch /ready; " +
            "while [ ! -f /tmp/hello.txt ]; do sleep 0.05; done; cat /tmp/hello.txt; exec sleep 300", "/ready");
        try
        {
            var hello = host.Sub("hello.txt");
            File.WriteAllText(hello, "hello from the host\n");
            File.SetUnixFileMode(hello, (UnixFileMode)0b110_100_000);
            File.SetLastWriteTimeUtc(hello, new DateTime(2022, 3, 4, 5, 6, 7, DateTimeKind.Utc));
            await Ok(d, "cp", hello, "cp-run:/tmp/");
            await Eventually.AssertAsync(async () => Assert.Equal("hello from the host\n", await Ok(d, "logs", "cp-run")));

            // Back out: content, mode and mtime kept.
            await Ok(d, "cp", "cp-run:/tmp/hello.txt", host.Sub("back.txt"));
            Assert.Equal("hello from the host\n", File.ReadAllText(host.Sub("back.txt")));
            Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(host.Sub("back.txt")));
            Assert.Equal(new DateTime(2022, 3, 4, 5, 6, 7, DateTimeKind.Utc), File.GetLastWriteTimeUtc(host.Sub("back.txt")));

            // A directory lands inside an existing one, becomes a missing one, and "dir/." copies its contents.
            Directory.CreateDirectory(host.Sub("tree/sub"));
            File.WriteAllText(host.Sub("tree/a"), "a");
            File.WriteAllText(host.Sub("tree/sub/b"), "b");
            await Ok(d, "cp", host.Sub("tree"), "cp-run:/tmp/");
            await Ok(d, "cp", host.Sub("tree"), "cp-run:/tmp/renamed");
            await Ok(d, "cp", host.Sub("tree") + "/.", "cp-run:/data/");
            Assert.Equal(["tree/", "tree/a", "tree/sub/", "tree/sub/b"], (await GetAsync(d, "cp-run", "/tmp/tree")).Entries.Select(e => e.Name));
            Assert.Equal(["renamed/", "renamed/a", "renamed/sub/", "renamed/sub/b"], (await GetAsync(d, "cp-run", "/tmp/renamed")).Entries.Select(e => e.Name));
            Assert.Equal("a", (await GetAsync(d, "cp-run", "/data/a")).Entries.Single().Content);

            await Ok(d, "cp", "cp-run:/data", host.Sub("data"));
            Assert.Equal("inside\n", File.ReadAllText(host.Sub("data/f")));
            Assert.Equal("g\n", File.ReadAllText(host.Sub("data/sub/g")));
            Assert.Equal("f", new FileInfo(host.Sub("data/link")).LinkTarget);
            Directory.CreateDirectory(host.Sub("contents"));
            await Ok(d, "cp", "cp-run:/data/.", host.Sub("contents"));
            Assert.Equal(["a", "f", "link", "sub"], Directory.GetFileSystemEntries(host.Sub("contents")).Select(Path.GetFileName).Order());

            // "-": a tar on stdout, and one from stdin.
            var tar = await RunDocker(d, "cp", "cp-run:/data/sub", "-");
            Assert.Equal(0, tar.ExitCode);
            File.WriteAllText(host.Sub("sub.tar"), tar.Stdout, System.Text.Encoding.Latin1);
            Assert.Equal(["sub/", "sub/b", "sub/g"], Entries(File.ReadAllBytes(host.Sub("sub.tar"))).Select(e => e.Name)); // b from tree/.
            File.WriteAllBytes(host.Sub("in.tar"), Tar(FileEntry("from-stdin.txt", "piped")));
            var piped = await DockerCli.RunWithStdinAsync(d.DockerHost, host.Sub("in.tar"), "cp", "-", "cp-run:/tmp");
            Assert.True(piped.ExitCode == 0, piped.ToString());
            Assert.Equal("piped", (await GetAsync(d, "cp-run", "/tmp/from-stdin.txt")).Entries.Single().Content);
        }
        finally
        {
            await RunDocker(d, "rm", "-f", "cp-run");
        }
        await AssertNothingLeakedAsync(d);
    }

    /// <summary>An exited container and one never started are copied through a private view of their overlay and binds,
    /// under their lock; nothing of it stays mounted afterwards.</summary>
    [SkippableFact]
    public async Task Cp_both_ways_on_exited_and_never_started_containers()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        using var host = new TempDirectory("dash-cp-host-");
        Directory.CreateDirectory(host.Sub("bind"));
        File.WriteAllText(host.Sub("bind/on-host.txt"), "from the bind");
        File.WriteAllText(host.Sub("in.txt"), "copied before the first start\n");
        try
        {
            await Ok(d, "create", "--name", "cp-created", "-v", host.Sub("bind") + ":/data", "busybox",
                "sh", "-c", "cat /tmp/in.txt /data/from-cp.txt");
            await Ok(d, "cp", host.Sub("in.txt"), "cp-created:/tmp/");
            File.WriteAllText(host.Sub("from-cp.txt"), "through the bind\n");
            await Ok(d, "cp", host.Sub("from-cp.txt"), "cp-created:/data/");
            Assert.Equal("through the bind\n", File.ReadAllText(host.Sub("bind/from-cp.txt"))); // the bind, not the layer
            Assert.Equal("from the bind", (await GetAsync(d, "cp-created", "/data/on-host.txt")).Entries.Single().Content);
            Assert.StartsWith("root:", (await GetAsync(d, "cp-created", "/etc/passwd")).Entries.Single().Content);
            Assert.Equal(0, MountNamespaceFds(d));
            Assert.Equal("copied before the first start\nthrough the bind\n", await Ok(d, "start", "-a", "cp-created"));

            // Exited: what the run wrote is there, and a copy in shows in the next run.
            await Ok(d, "run", "--name", "cp-exited", "busybox", "sh", "-c", "echo made by the run > /made.txt; cat /later.txt 2>/dev/null; true");
            await Ok(d, "cp", "cp-exited:/made.txt", host.Sub("made.txt"));
            Assert.Equal("made by the run\n", File.ReadAllText(host.Sub("made.txt")));
            File.WriteAllText(host.Sub("later.txt"), "copied into an exited container\n");
            await Ok(d, "cp", host.Sub("later.txt"), "cp-exited:/");
            Assert.Equal("copied into an exited container\n", await Ok(d, "start", "-a", "cp-exited"));
        }
        finally
        {
            await RunDocker(d, "rm", "-f", "cp-created", "cp-exited");
        }
        await AssertNothingLeakedAsync(d);
    }

    [SkippableFact]
    public async Task The_path_stat_header_carries_gos_file_mode_and_the_resolved_link()
    {
        var d = fixture.RequireDaemon();
        await RunAsync(d, "cp-stat", "mkdir -m 0750 /dir && printf 12345 > /dir/file && ln -s ../dir/file /dir/link && touch /ready; exec sleep 300", "/ready");
        try
        {
            var (status, dir) = await StatAsync(d, "cp-stat", "/dir");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("dir", dir.GetProperty("name").GetString());
            Assert.Equal((1u << 31) | 0b111_101_000, dir.GetProperty("mode").GetUInt32()); // os.ModeDir | 0750
            Assert.True(DateTimeOffset.UtcNow - dir.GetProperty("mtime").GetDateTimeOffset() < TimeSpan.FromMinutes(5));
            Assert.Equal("", dir.GetProperty("linkTarget").GetString());

            var (_, file) = await StatAsync(d, "cp-stat", "/dir/file");
            Assert.Equal((5, 0b110_100_100u), (file.GetProperty("size").GetInt64(), file.GetProperty("mode").GetUInt32()));
            var (_, link) = await StatAsync(d, "cp-stat", "/dir/link");
            Assert.Equal(1u << 27, link.GetProperty("mode").GetUInt32() & (1u << 27)); // os.ModeSymlink
            Assert.Equal("/dir/file", link.GetProperty("linkTarget").GetString());
            var (_, followed) = await StatAsync(d, "cp-stat", "/dir/");
            Assert.Equal("dir", followed.GetProperty("name").GetString());
            var (_, root) = await StatAsync(d, "cp-stat", "/");
            Assert.Equal("/", root.GetProperty("name").GetString());

            // GET carries the same header.
            using var get = await d.Http.GetAsync("/v1.44/containers/cp-stat/archive?path=/dir/file");
            Assert.Equal("application/x-tar", get.Content.Headers.ContentType?.MediaType);
            Assert.True(get.Headers.Contains("X-Docker-Container-Path-Stat"));

            // -L copies what the link points at, under the link's name.
            using var host = new TempDirectory("dash-cp-host-");
            await Ok(d, "cp", "-L", "cp-stat:/dir/link", host.Sub("copy"));
            Assert.Equal("12345", File.ReadAllText(host.Sub("copy")));
            Assert.Null(new FileInfo(host.Sub("copy")).LinkTarget);
        }
        finally
        {
            await RunDocker(d, "rm", "-f", "cp-stat");
        }
    }

    /// <summary>-a (copyUIDGID) gives the files to the container's user, resolved in its own /etc/passwd; without it the
    /// archive's owners stay, as in Docker.</summary>
    [SkippableFact]
    public async Task Archive_mode_gives_the_files_to_the_containers_user()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        using var host = new TempDirectory("dash-cp-host-");
        File.WriteAllText(host.Sub("owned.txt"), "x");
        await Ok(d, "create", "--name", "cp-owner", "-u", "nobody", "busybox", "true");
        try
        {
            await Ok(d, "cp", "-a", host.Sub("owned.txt"), "cp-owner:/tmp/a.txt");
            await Ok(d, "cp", host.Sub("owned.txt"), "cp-owner:/tmp/plain.txt");
            using var response = await d.Http.GetAsync("/v1.44/containers/cp-owner/archive?path=/tmp");
            var entries = new Dictionary<string, (int, int)>();
            using (var reader = new TarReader(await response.Content.ReadAsStreamAsync()))
                while (await reader.GetNextEntryAsync() is { } entry) entries[entry.Name] = (entry.Uid, entry.Gid);
            Assert.Equal((65534, 65534), entries["tmp/a.txt"]); // nobody in the busybox image's /etc/passwd
            Assert.Equal((0, 0), entries["tmp/plain.txt"]);     // the test runs as root: the file's own owner
        }
        finally
        {
            await RunDocker(d, "rm", "-f", "cp-owner");
        }
    }
}
