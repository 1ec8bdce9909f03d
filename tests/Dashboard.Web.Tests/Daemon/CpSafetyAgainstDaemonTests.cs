using System.Formats.Tar;
using System.Net;
using static Dashboard.Web.Tests.Daemon.CpSupport;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// cp stays inside the container (the CVE-2018-15664 class): "..", absolute symlinks, a symlink to "/", symlinks naming
/// host paths, a symlink swapped in while copies run, hard links and device nodes in an upload; --read-only and
/// read-only volumes are refused as Docker refuses them. Every escape aims at a host canary, which must stay as it was.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class CpSafetyAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    [SkippableFact]
    public async Task Symlinks_and_dotdot_resolve_inside_the_container()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        using var canary = new HostCanary();
        using var host = new TempDirectory("dash-cp-host-");
        await RunAsync(d, "cp-escape",
            $"ln -s / /rootlink; ln -s /etc/passwd /abs; ln -s ../../../../../.. /up; ln -s {canary.Path} /hostdir; " +
            $"ln -s {canary.File} /hostfile; touch /ready; exec sleep 300", "/ready");
        try
        {
            var passwd = (await GetAsync(d, "cp-escape", "/etc/passwd")).Entries.Single().Content;
            Assert.StartsWith("root:", passwd);
            foreach (var path in new[] { "/up/etc/passwd", "/rootlink/etc/passwd", "/rootlink/../../../etc/passwd", "/../../etc/passwd", "/up/up/etc/passwd" })
                Assert.Equal(passwd, (await GetAsync(d, "cp-escape", path)).Entries.Single().Content);
            await Ok(d, "cp", "-L", "cp-escape:/abs", host.Sub("abs"));
            Assert.Equal(passwd, File.ReadAllText(host.Sub("abs")));

            // Host paths named by symlinks mean the container's own paths, which do not exist.
            foreach (var path in new[] { "/hostfile/", "/hostdir/canary.txt", "/up" + canary.File, "/rootlink" + canary.File })
                Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(d, "cp-escape", path)).Status);
            var followed = await RunDocker(d, "cp", "-L", "cp-escape:/hostfile", host.Sub("stolen"));
            Assert.NotEqual(0, followed.ExitCode);
            Assert.False(File.Exists(host.Sub("stolen")));

            // Copies in through the same symlinks land in the container, never on the host.
            File.WriteAllText(host.Sub("pwned.txt"), "pwned");
            await RunDocker(d, "cp", host.Sub("pwned.txt"), "cp-escape:/hostdir/");
            await RunDocker(d, "cp", host.Sub("pwned.txt"), "cp-escape:/up" + canary.Path + "/");
            await RunDocker(d, "cp", host.Sub("pwned.txt"), "cp-escape:/hostfile");
            Assert.Equal(HttpStatusCode.OK, (await PutAsync(d, "cp-escape", "/rootlink", Tar(FileEntry(canary.Path.TrimStart('/') + "/pwned.txt", "pwned")))).Status);
            canary.AssertUntouched();
            Assert.Equal("pwned", (await GetAsync(d, "cp-escape", canary.Path + "/pwned.txt")).Entries.Single().Content);
        }
        finally
        {
            await RunDocker(d, "rm", "-f", "cp-escape");
        }
    }

    [SkippableFact]
    public async Task An_upload_cannot_reach_out_through_its_own_entries()
    {
        var d = fixture.RequireDaemon();
        using var canary = new HostCanary();
        await RunAsync(d, "cp-upload", "mkdir /target; touch /ready; exec sleep 300", "/ready");
        try
        {
            // A symlink to "/" or to the host directory, then entries through it: confined to /target.
            var (status, _) = await PutAsync(d, "cp-upload", "/target", Tar(
                Link(TarEntryType.SymbolicLink, "toroot", "/"),
                FileEntry("toroot/etc/passwd", "root::0:0::/:/bin/sh"),
                Link(TarEntryType.SymbolicLink, "host", canary.Path),
                FileEntry("host/pwned.txt", "pwned")));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.StartsWith("root:x:", (await GetAsync(d, "cp-upload", "/etc/passwd")).Entries.Single().Content);
            Assert.Equal("root::0:0::/:/bin/sh", (await GetAsync(d, "cp-upload", "/target/etc/passwd")).Entries.Single().Content);

            var dotdot = await PutAsync(d, "cp-upload", "/target", Tar(FileEntry("../../../../../../" + canary.Path.TrimStart('/') + "/pwned.txt", "pwned")));
            Assert.Equal(HttpStatusCode.BadRequest, dotdot.Status);
            Assert.Contains("would leave the target directory", dotdot.Body);

            var hardLink = await PutAsync(d, "cp-upload", "/target", Tar(Link(TarEntryType.HardLink, "stolen", canary.File)));
            Assert.Equal(HttpStatusCode.BadRequest, hardLink.Status);
            Assert.Contains("does not exist in the target directory", hardLink.Body);
            var hardLinkUp = await PutAsync(d, "cp-upload", "/target", Tar(Link(TarEntryType.HardLink, "stolen", "../etc/passwd")));
            Assert.Equal(HttpStatusCode.BadRequest, hardLinkUp.Status);

            foreach (var device in new[] { new PaxTarEntry(TarEntryType.CharacterDevice, "mem") { DeviceMajor = 1, DeviceMinor = 1 },
                         new PaxTarEntry(TarEntryType.BlockDevice, "disk") { DeviceMajor = 8, DeviceMinor = 0 } })
            {
                var refused = await PutAsync(d, "cp-upload", "/target", Tar(device));
                Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
                Assert.Contains("device node", refused.Body);
                Assert.Equal(HttpStatusCode.NotFound, (await StatAsync(d, "cp-upload", "/target/" + device.Name)).Status);
            }
            canary.AssertUntouched();
        }
        finally
        {
            await RunDocker(d, "rm", "-f", "cp-upload");
        }
    }

    /// <summary>Inside the running container a loop swaps /race between a directory and a symlink to the host canary's
    /// path as fast as it can, while copies go in and out through /race. Each lands in (or reads from) the container, or
    /// finds nothing; the canary is never read or written, and no answer is a 500.</summary>
    [SkippableFact]
    public async Task A_symlink_swapped_in_during_copies_never_leads_out()
    {
        var d = fixture.RequireDaemon();
        using var canary = new HostCanary();
        await RunAsync(d, "cp-race",
            $"mkdir /race-dir; echo inside > /race-dir/canary.txt; ln -s {canary.Path} /race-link; touch /ready; " +
            "while :; do mv /race-dir /race; mv /race /race-dir; mv /race-link /race; mv /race /race-link; done", "/ready");
        try
        {
            var statuses = new List<HttpStatusCode>();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; watch.Elapsed < TimeSpan.FromSeconds(4); i++)
            {
                var put = await PutAsync(d, "cp-race", "/race", Tar(FileEntry($"pwned-{i}.txt", "pwned")));
                statuses.Add(put.Status);
                foreach (var path in new[] { "/race/canary.txt", "/race/", "/race" })
                {
                    var (status, entries) = await GetAsync(d, "cp-race", path);
                    statuses.Add(status);
                    Assert.DoesNotContain(entries, e => e.Content.Contains("CANARY"));
                }
            }
            Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"status {s}"));
            Assert.Contains(HttpStatusCode.OK, statuses);
            canary.AssertUntouched();
        }
        finally
        {
            await RunDocker(d, "rm", "-f", "cp-race");
        }
        await AssertNothingLeakedAsync(d);
    }

    [SkippableFact]
    public async Task Read_only_root_and_volumes_refuse_uploads_as_docker_does()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        using var host = new TempDirectory("dash-cp-host-");
        Directory.CreateDirectory(host.Sub("ro"));
        Directory.CreateDirectory(host.Sub("rw"));
        File.WriteAllText(host.Sub("f.txt"), "x");
        await RunAsync(d, "cp-ro", "exec sleep 300", "/bin/sh", "--read-only", "-v", host.Sub("ro") + ":/ro:ro", "-v", host.Sub("rw") + ":/rw");
        try
        {
            for (var round = 0; round < 2; round++)
            {
                var root = await RunDocker(d, "cp", host.Sub("f.txt"), "cp-ro:/tmp/");
                Assert.NotEqual(0, root.ExitCode);
                Assert.Contains("container rootfs is marked read-only", root.Stderr);
                var volume = await RunDocker(d, "cp", host.Sub("f.txt"), "cp-ro:/ro/");
                Assert.NotEqual(0, volume.ExitCode);
                Assert.Contains("mounted volume is marked read-only", volume.Stderr);
                Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(d, "cp-ro", "/tmp", Tar(FileEntry("g.txt", "g")))).Status);
                await Ok(d, "cp", host.Sub("f.txt"), "cp-ro:/rw/");
                Assert.True(File.Exists(host.Sub("rw/f.txt")));
                File.Delete(host.Sub("rw/f.txt"));
                Assert.Empty(Directory.GetFileSystemEntries(host.Sub("ro")));
                // The second round on the stopped container, through its private view: the same answers.
                if (round == 0) await Ok(d, "stop", "-t", "0", "cp-ro");
            }
        }
        finally
        {
            await RunDocker(d, "rm", "-f", "cp-ro");
        }
        await AssertNothingLeakedAsync(d);
    }
}
