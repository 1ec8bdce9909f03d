using System.Security.Cryptography;
using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// Issue 14 (volumes) end to end: the real docker CLI against the real daemon, real containers mounting real volume
/// directories under the daemon's data root. Each test removes the containers and volumes it made (the daemon's data
/// root, with every volume directory, goes with the fixture). Containers run with --network none: networks are not
/// what is tested here, and the host-wide netavark lock is shared with other daemons on the machine.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class VolumesAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private const string SeedImage = "vol-seed:1";

    private static async Task<string> Ok(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}");
        return result.Stdout.Trim();
    }

    private static async Task<DockerCli.Result> Fails(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        Assert.True(result.ExitCode != 0, $"docker {string.Join(' ', args)} should have failed: {result}");
        return result;
    }

    private static async Task CleanAsync(DaemonProcess d, string[] containers, string[] volumes)
    {
        foreach (var c in containers) await DockerCli.RunAsync(d.DockerHost, "rm", "-f", "-v", c);
        foreach (var v in volumes) await DockerCli.RunAsync(d.DockerHost, "volume", "rm", "-f", v);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [SkippableFact]
    public async Task Data_in_a_named_volume_outlives_its_container_and_is_seen_by_the_next()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        try
        {
            await Ok(d, "run", "--network", "none", "--name", "vol-writer", "-v", "vol-keep:/data", "busybox", "sh", "-c", "echo kept > /data/note");
            await Ok(d, "rm", "vol-writer");
            Assert.Equal("kept", await Ok(d, "run", "--rm", "--network", "none", "-v", "vol-keep:/mnt/other:ro", "busybox", "cat", "/mnt/other/note"));
            // :ro is read-only inside, the content is the volume's on the host.
            var write = await DockerCli.RunAsync(d.DockerHost, "run", "--rm", "--network", "none", "-v", "vol-keep:/data:ro", "busybox", "sh", "-c", "echo x > /data/y");
            Assert.Contains("Read-only file system", write.Stderr + write.Stdout);

            Assert.Contains("vol-keep", (await Ok(d, "volume", "ls", "-q")).Split('\n'));
            using var inspect = JsonDocument.Parse(await Ok(d, "volume", "inspect", "vol-keep"));
            var volume = inspect.RootElement[0];
            Assert.Equal("local", volume.GetProperty("Driver").GetString());
            var mountpoint = volume.GetProperty("Mountpoint").GetString()!;
            Assert.StartsWith(d.DataRoot, mountpoint);
            Assert.Equal("kept\n", await File.ReadAllTextAsync(Path.Combine(mountpoint, "note")));
        }
        finally
        {
            await CleanAsync(d, ["vol-writer"], ["vol-keep"]);
        }
    }

    [SkippableFact]
    public async Task An_empty_volume_gets_the_images_content_with_owners_and_modes_and_VOLUME_paths_get_anonymous_volumes()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        await LoadSeedImageAsync(d);
        try
        {
            // Copy-up into a named volume, owner and mode kept; volume-nocopy leaves it empty.
            Assert.Equal("seed 1234:5678 640 750", await Ok(d, "run", "--rm", "--network", "none", "-v", "vol-seeded:/data", SeedImage, "sh", "-c",
                "cat /data/seed.txt; stat -c ' %u:%g %a' /data/seed.txt | tr -d '\\n'; stat -c ' %a' /data"));
            Assert.Equal("", await Ok(d, "run", "--rm", "--network", "none", "--mount", "type=volume,src=vol-nocopy,dst=/data,volume-nocopy", SeedImage, "sh", "-c", "ls -A /data"));
            // A volume with content is not filled again.
            await Ok(d, "run", "--rm", "--network", "none", "-v", "vol-seeded:/data", SeedImage, "sh", "-c", "rm /data/seed.txt; echo mine > /data/own.txt");
            Assert.Equal("own.txt", await Ok(d, "run", "--rm", "--network", "none", "-v", "vol-seeded:/data", SeedImage, "sh", "-c", "ls -A /data"));

            // The image's VOLUME /data: an anonymous volume with the image's content, shown in inspect's Mounts.
            await Ok(d, "create", "--network", "none", "--name", "vol-anon", SeedImage, "sh", "-c", "cat /data/seed.txt");
            using var inspect = JsonDocument.Parse(await Ok(d, "inspect", "vol-anon"));
            var mount = inspect.RootElement[0].GetProperty("Mounts").EnumerateArray().Single();
            Assert.Equal("volume", mount.GetProperty("Type").GetString());
            Assert.Equal("/data", mount.GetProperty("Destination").GetString());
            Assert.Equal("local", mount.GetProperty("Driver").GetString());
            Assert.True(mount.GetProperty("RW").GetBoolean());
            var anonymous = mount.GetProperty("Name").GetString()!;
            Assert.Matches("^[0-9a-f]{64}$", anonymous);
            Assert.Equal(Path.Combine(d.DataRoot, "volumes", anonymous, "_data"), mount.GetProperty("Source").GetString());
            Assert.True(inspect.RootElement[0].GetProperty("Config").GetProperty("Volumes").TryGetProperty("/data", out _));
            Assert.Equal("seed", (await Ok(d, "start", "-a", "vol-anon")).Trim());
            Assert.Contains(anonymous, await Ok(d, "volume", "ls", "-q"));
            // rm without -v keeps it, as Docker does; rm -v of another container takes its own.
            await Ok(d, "rm", "vol-anon");
            Assert.Contains(anonymous, await Ok(d, "volume", "ls", "-q"));
            await Ok(d, "volume", "rm", anonymous);

            await Ok(d, "create", "--network", "none", "--name", "vol-anon2", "-v", "/scratch", SeedImage, "true");
            var names = (await Ok(d, "inspect", "-f", "{{range .Mounts}}{{.Name}} {{end}}", "vol-anon2")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, names.Length); // /scratch and the image's /data
            await Ok(d, "rm", "-v", "vol-anon2");
            var left = await Ok(d, "volume", "ls", "-q");
            Assert.All(names, n => Assert.DoesNotContain(n, left));

            // --rm removes the anonymous volumes with the container; a named one stays.
            await Ok(d, "run", "--rm", "--network", "none", "-v", "vol-named:/named", SeedImage, "sh", "-c", "true");
            var afterRm = await WaitForAsync(async () =>
            {
                var ls = await Ok(d, "volume", "ls", "-q");
                return ls.Split('\n').Any(n => n.Length == 64) ? null : ls;
            });
            Assert.Contains("vol-named", afterRm);
        }
        finally
        {
            await CleanAsync(d, ["vol-anon", "vol-anon2"], ["vol-seeded", "vol-nocopy", "vol-named"]);
            await DockerCli.RunAsync(d.DockerHost, "rmi", SeedImage);
        }
    }

    [SkippableFact]
    public async Task A_volume_in_use_by_any_container_is_not_removed()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        try
        {
            await Ok(d, "volume", "create", "vol-busy");
            var id = await Ok(d, "create", "--network", "none", "--name", "vol-user", "-v", "vol-busy:/x", "busybox", "true");
            // Not running, still in use: 409 with Docker's words and the container.
            var refused = await Fails(d, "volume", "rm", "vol-busy");
            Assert.Contains("remove vol-busy: volume is in use - [" + id, refused.Stderr);
            var force = await Fails(d, "volume", "rm", "-f", "vol-busy");
            Assert.Contains("volume is in use", force.Stderr);
            using (var response = await d.Http.DeleteAsync("/v1.44/volumes/vol-busy"))
                Assert.Equal(409, (int)response.StatusCode);
            // prune leaves it too, even with --all.
            await Ok(d, "volume", "prune", "-a", "-f");
            Assert.Contains("vol-busy", await Ok(d, "volume", "ls", "-q"));

            await Ok(d, "rm", "vol-user");
            await Ok(d, "volume", "rm", "vol-busy");
            using var gone = await d.Http.GetAsync("/v1.44/volumes/vol-busy");
            Assert.Equal(404, (int)gone.StatusCode);
            Assert.Contains("no such volume", await gone.Content.ReadAsStringAsync());
            await Ok(d, "volume", "rm", "-f", "vol-busy"); // -f: a missing volume is no error
        }
        finally
        {
            await CleanAsync(d, ["vol-user"], ["vol-busy"]);
        }
    }

    [SkippableFact]
    public async Task Read_only_root_leaves_volumes_and_tmpfs_writable_and_tmpfs_size_holds()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        try
        {
            var output = await Ok(d, "run", "--rm", "--network", "none", "--read-only", "-v", "vol-rw:/data", "--mount", "type=tmpfs,dst=/t,tmpfs-size=1m",
                "busybox", "sh", "-c",
                "touch /root-file 2>&1; touch /data/ok && echo data-ok; dd if=/dev/zero of=/t/big bs=1024 count=2048 2>&1; ls -l /t/big");
            Assert.Contains("Read-only file system", output);
            Assert.Contains("data-ok", output);
            Assert.Contains("No space left on device", output);
            Assert.Contains(" 1048576 ", output);
        }
        finally
        {
            await CleanAsync(d, [], ["vol-rw"]);
        }
    }

    [SkippableFact]
    public async Task Volume_ls_filters_and_prune_follow_Docker()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        try
        {
            await Ok(d, "volume", "create", "--label", "vol.test=a", "vol-f1");
            await Ok(d, "volume", "create", "--label", "vol.test=b", "vol-f2");
            await Ok(d, "create", "--network", "none", "--name", "vol-f-user", "-v", "vol-f2:/x", "busybox", "true");
            Assert.Equal("vol-f1", await Ok(d, "volume", "ls", "-q", "--filter", "label=vol.test=a"));
            Assert.Equal("vol-f1\nvol-f2", await Ok(d, "volume", "ls", "-q", "--filter", "label=vol.test"));
            Assert.Equal("vol-f1", await Ok(d, "volume", "ls", "-q", "--filter", "label=vol.test", "--filter", "dangling=true"));
            Assert.Equal("vol-f2", await Ok(d, "volume", "ls", "-q", "--filter", "name=f2"));

            // Without --all only anonymous volumes go; with it every unused one that matches.
            await Ok(d, "volume", "prune", "-f", "--filter", "label=vol.test");
            Assert.Equal("vol-f1\nvol-f2", await Ok(d, "volume", "ls", "-q", "--filter", "label=vol.test"));
            var pruned = await Ok(d, "volume", "prune", "-a", "-f", "--filter", "label=vol.test");
            Assert.Contains("vol-f1", pruned);
            Assert.Equal("vol-f2", await Ok(d, "volume", "ls", "-q", "--filter", "label=vol.test"));
        }
        finally
        {
            await CleanAsync(d, ["vol-f-user"], ["vol-f1", "vol-f2"]);
        }
    }

    [SkippableFact]
    public async Task Bad_volume_input_is_a_400_that_names_the_problem_and_creates_nothing()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        Assert.Contains("includes invalid characters for a local volume name", (await Fails(d, "volume", "create", "bad/name")).Stderr);
        Assert.Contains("driver option 'type' is not supported", (await Fails(d, "volume", "create", "-o", "type=tmpfs", "vol-opt")).Stderr);
        Assert.Contains("volume driver 'nfs' is not available", (await Fails(d, "volume", "create", "-d", "nfs", "vol-drv")).Stderr);
        Assert.Contains("mount type 'weird' is not supported", (await Fails(d, "run", "--rm", "--network", "none", "--mount", "type=weird,dst=/x", "busybox", "true")).Stderr);
        Assert.Contains("unexpected key 'color'", (await Fails(d, "run", "--rm", "--network", "none", "--mount", "type=volume,src=v,dst=/x,color=red", "busybox", "true")).Stderr);
        Assert.Contains("must be absolute", (await Fails(d, "run", "--rm", "--network", "none", "-v", "vol-rel:data", "busybox", "true")).Stderr);
        Assert.Contains("invalid mode 'rx'", (await Fails(d, "run", "--rm", "--network", "none", "-v", "vol-mode:/data:rx", "busybox", "true")).Stderr);
        Assert.Contains("volume-opt is not supported", (await Fails(d, "run", "--rm", "--network", "none", "--mount", "type=volume,src=vol-o,dst=/x,volume-opt=type=nfs", "busybox", "true")).Stderr);
        using (var response = await d.Http.PostAsync("/v1.44/volumes/create", Json("""{"Name":"a/b"}""")))
            Assert.Equal(400, (int)response.StatusCode);
        using (var response = await d.Http.PostAsync("/v1.44/containers/create", Json("""{"Image":"busybox","HostConfig":{"Binds":["bad name:/x"]}}""")))
            Assert.Equal(400, (int)response.StatusCode);
        var volumes = (await Ok(d, "volume", "ls", "-q")).Split('\n');
        Assert.All(new[] { "vol-opt", "vol-drv", "v", "vol-rel", "vol-mode", "vol-o", "a", "bad" }, v => Assert.DoesNotContain(v, volumes));
        Assert.Equal("", await Ok(d, "ps", "-aq"));
    }

    [SkippableFact]
    public async Task Create_and_remove_of_one_volume_racing_end_in_a_known_state()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        try
        {
            // Many creates and removes of one name at once: each answers 201/204/404/409, never 500, and what is left
            // is either a whole volume or none.
            var tasks = Enumerable.Range(0, 24).Select(async i =>
            {
                using var response = (i % 3) switch
                {
                    0 => await d.Http.PostAsync("/v1.44/volumes/create", Json("""{"Name":"vol-race"}""")),
                    1 => await d.Http.DeleteAsync("/v1.44/volumes/vol-race"),
                    _ => await d.Http.PostAsync("/v1.44/containers/create?name=vol-race-" + i, Json("""{"Image":"busybox","HostConfig":{"NetworkMode":"none","Binds":["vol-race:/x"]}}""")),
                };
                return (int)response.StatusCode;
            }).ToList();
            var codes = await Task.WhenAll(tasks);
            Assert.All(codes, c => Assert.Contains(c, new[] { 200, 201, 204, 404, 409 }));
            var containers = (await Ok(d, "ps", "-aq", "--filter", "name=vol-race-")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // Every container made has its volume.
            if (containers.Length > 0) Assert.Equal("vol-race", await Ok(d, "volume", "ls", "-q", "--filter", "name=vol-race"));
        }
        finally
        {
            var ids = (await DockerCli.RunAsync(d.DockerHost, "ps", "-aq", "--filter", "name=vol-race-")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            await CleanAsync(d, ids, ["vol-race"]);
        }
    }

    [SkippableFact]
    public async Task Dashctl_and_the_native_api_create_list_inspect_and_remove_volumes()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        try
        {
            Assert.Equal("vol-ctl", (await Dashctl(d, "volume", "create", "--label", "team=a", "vol-ctl")).Stdout.Trim());
            await Ok(d, "create", "--network", "none", "--name", "vol-ctl-user", "-v", "vol-ctl:/data", "busybox", "true");
            var ls = await Dashctl(d, "volume", "ls");
            Assert.Contains("vol-ctl", ls.Stdout);
            Assert.Contains("vol-ctl-user", ls.Stdout);
            using (var inspect = JsonDocument.Parse((await Dashctl(d, "volume", "inspect", "vol-ctl")).Stdout))
            {
                var volume = inspect.RootElement[0];
                Assert.Equal("a", volume.GetProperty("labels").GetProperty("team").GetString());
                Assert.Equal("/data", volume.GetProperty("usedBy")[0].GetProperty("destination").GetString());
            }
            var refused = await Dashctl(d, "volume", "rm", "vol-ctl");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("volume is in use", refused.Stderr);
            using (var response = await d.Http.DeleteAsync("/api/volumes/vol-ctl"))
                Assert.Equal(409, (int)response.StatusCode);
            using (var response = await d.Http.PostAsync("/api/volumes", Json("""{"name":"a/b"}""")))
                Assert.Equal(400, (int)response.StatusCode);

            await Ok(d, "rm", "vol-ctl-user");
            Assert.Equal(0, (await Dashctl(d, "volume", "rm", "vol-ctl")).ExitCode);
            using var gone = await d.Http.GetAsync("/api/volumes/vol-ctl");
            Assert.Equal(404, (int)gone.StatusCode);
        }
        finally
        {
            await CleanAsync(d, ["vol-ctl-user"], ["vol-ctl"]);
        }
    }

    private sealed record CtlResult(int ExitCode, string Stdout, string Stderr);

    private static async Task<CtlResult> Dashctl(DaemonProcess d, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await Dashboard.Cli.Dashctl.RunAsync(["--host", d.DockerHost, .. args], stdout, stderr, _ => null, timeout.Token);
        return new CtlResult(exit, stdout.ToString(), stderr.ToString());
    }

    private static async Task<string> WaitForAsync(Func<Task<string?>> probe)
    {
        for (var i = 0; ; i++)
        {
            if (await probe() is { } done) return done;
            if (i == 50) throw new TimeoutException("the condition did not hold within 5 s");
            await Task.Delay(100);
        }
    }

    /// <summary>busybox with /data/seed.txt (1234:5678, 0640) in a directory of mode 0750, and VOLUME /data, loaded.</summary>
    private static async Task LoadSeedImageAsync(DaemonProcess d)
    {
        var work = Directory.CreateTempSubdirectory("dash-volseed-").FullName;
        try
        {
            var root = TestImages.BusyboxRootfs(Path.Combine(work, "rootfs"));
            var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
            File.SetUnixFileMode(data, (UnixFileMode)Convert.ToInt32("750", 8));
            var seed = Path.Combine(data, "seed.txt");
            await File.WriteAllTextAsync(seed, "seed");
            File.SetUnixFileMode(seed, (UnixFileMode)Convert.ToInt32("640", 8));
            using (var chown = System.Diagnostics.Process.Start("chown", ["1234:5678", seed])!) await chown.WaitForExitAsync();
            var layer = Path.Combine(work, "layer.tar");
            TestImages.Tar(root, layer);
            var staging = Directory.CreateDirectory(Path.Combine(work, "staging")).FullName;
            var layerBytes = await File.ReadAllBytesAsync(layer);
            var diffId = Convert.ToHexStringLower(SHA256.HashData(layerBytes));
            Directory.CreateDirectory(Path.Combine(staging, diffId));
            await File.WriteAllBytesAsync(Path.Combine(staging, diffId, "layer.tar"), layerBytes);
            var config = JsonSerializer.SerializeToUtf8Bytes(new
            {
                architecture = "amd64",
                os = "linux",
                created = "2026-12-08T00:00:00Z",
                config = new { Cmd = new[] { "/bin/sh" }, Env = new[] { "PATH=/bin" }, Volumes = new Dictionary<string, object> { ["/data"] = new { } } },
                rootfs = new { type = "layers", diff_ids = new[] { $"sha256:{diffId}" } },
            });
            var configName = Convert.ToHexStringLower(SHA256.HashData(config)) + ".json";
            await File.WriteAllBytesAsync(Path.Combine(staging, configName), config);
            await File.WriteAllTextAsync(Path.Combine(staging, "manifest.json"), JsonSerializer.Serialize(new[]
            {
                new Dictionary<string, object> { ["Config"] = configName, ["RepoTags"] = new[] { SeedImage }, ["Layers"] = new[] { $"{diffId}/layer.tar" } },
            }));
            var archive = Path.Combine(work, "image.tar");
            TestImages.Tar(staging, archive);
            await Ok(d, "load", "-i", archive);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
