using System.Text.Json;
using Dashboard.Cli;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>The real dashctl (in process) against the real daemon over its unix socket, running real containers.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class DashctlAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    private static async Task<Result> Dashctl(DaemonProcess d, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // No environment at all: --host alone must decide where the daemon is.
        var exit = await Dashboard.Cli.Dashctl.RunAsync(["--host", d.DockerHost, .. args], stdout, stderr, _ => null, timeout.Token);
        return new Result(exit, stdout.ToString(), stderr.ToString());
    }

    private static async Task<string> Ok(DaemonProcess d, params string[] args)
    {
        var result = await Dashctl(d, args);
        Assert.True(result.ExitCode == 0, $"dashctl {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    [SkippableFact]
    public async Task Run_rm_prints_the_output_and_returns_the_exit_code()
    {
        var d = fixture.RequireDaemon();
        var hi = await Dashctl(d, "run", "--rm", "busybox", "echo", "hi");
        Assert.True(hi is { ExitCode: 0, Stdout: "hi\n" }, hi.ToString());
        var three = await Dashctl(d, "run", "--rm", "busybox", "sh", "-c", "exit 3");
        Assert.True(three.ExitCode == 3, three.ToString());
        Assert.Equal("", (await Ok(d, "ps", "-aq")).Trim());
    }

    [SkippableFact]
    public async Task Run_prints_through_the_attach_with_stdin_and_the_streams_apart()
    {
        var d = fixture.RequireDaemon();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var input = new MemoryStream("hello\nworld\n"u8.ToArray());
        var exit = await Dashboard.Cli.Dashctl.RunAsync(["--host", d.DockerHost, "run", "-i", "--rm", "busybox", "sh", "-c", "cat; echo done >&2; exit 5"],
            input, stdout, stderr, _ => null, timeout.Token);
        Assert.True((exit, stdout.ToString(), stderr.ToString()) == (5, "hello\nworld\n", "done\n"), $"{exit} {stdout} {stderr}");

        // All of it, though the log keeps only its last 100 kB: the output comes through conmon's attach socket.
        var seq = await Dashctl(d, "run", "--rm", "--log-opt", "max-size=100k", "--log-opt", "max-file=1", "busybox", "seq", "1", "100000");
        Assert.Equal(0, seq.ExitCode);
        Assert.Equal(string.Concat(Enumerable.Range(1, 100000).Select(i => $"{i}\n")), seq.Stdout);
        Assert.Equal("", (await Ok(d, "ps", "-aq")).Trim());
    }

    // Docker's name rule needs at least two characters, so the brief's "x" is spelled out.
    private const string Name = "edge-x";

    [SkippableFact]
    public async Task Detached_container_through_ps_inspect_logs_stop_and_rm()
    {
        var d = fixture.RequireDaemon();
        var id = (await Ok(d, "run", "-d", "--name", Name, "--cpus", "0.25", "--memory", "64m",
            "busybox", "sh", "-c", "echo ready; exec sleep 60")).Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Contains(" " + Name, await Ok(d, "ps"));

        var inspect = JsonDocument.Parse(await Ok(d, "inspect", Name)).RootElement;
        Assert.Equal(1, inspect.GetArrayLength());
        var detail = inspect[0];
        Assert.Equal(id, detail.GetProperty("id").GetString());
        Assert.True(detail.GetProperty("state").GetProperty("running").GetBoolean());
        var limits = detail.GetProperty("config").GetProperty("limits");
        Assert.Equal(0.25m, limits.GetProperty("cpus").GetDecimal());
        Assert.Equal(64L * 1024 * 1024, limits.GetProperty("memoryBytes").GetInt64());
        // The limits are real, not just recorded.
        Assert.Equal("67108864", File.ReadAllText($"/sys/fs/cgroup/memory/{d.CgroupParent}/{id}/memory.limit_in_bytes").Trim());

        string logs = "";
        for (var i = 0; i < 50 && logs == ""; i++, await Task.Delay(100)) logs = await Ok(d, "logs", Name);
        Assert.Equal("ready\n", logs);

        await Ok(d, "stop", "-t", "1", Name);
        var stopped = JsonDocument.Parse(await Ok(d, "inspect", Name)).RootElement[0].GetProperty("state");
        Assert.False(stopped.GetProperty("running").GetBoolean());
        Assert.DoesNotContain(" " + Name, await Ok(d, "ps"));
        Assert.Contains(" " + Name, await Ok(d, "ps", "-a"));

        await Ok(d, "rm", Name);
        Assert.Equal("", (await Ok(d, "ps", "-aq")).Trim());
        var gone = await Dashctl(d, "inspect", Name);
        Assert.True(gone.ExitCode == 1 && gone.Stderr.Contains($"No such object: {Name}"), gone.ToString());
        Assert.False(Directory.Exists($"/sys/fs/cgroup/memory/{d.CgroupParent}/{id}"));
    }

    [SkippableFact]
    public async Task Images_import_and_rmi()
    {
        var d = fixture.RequireDaemon();
        Assert.Contains("busybox", await Ok(d, "images"));
        var work = Directory.CreateTempSubdirectory("dash-edge-cli-").FullName;
        try
        {
            var tar = Path.Combine(work, "rootfs.tar");
            TestImages.Tar(TestImages.BusyboxRootfs(Path.Combine(work, "rootfs")), tar);
            await Ok(d, "import", tar, "edge-cli:1");
            Assert.Contains("edge-cli", await Ok(d, "images"));
            var run = await Dashctl(d, "run", "--rm", "edge-cli:1", "sh", "-c", "echo from-import");
            Assert.True(run is { ExitCode: 0, Stdout: "from-import\n" }, run.ToString());
            await Ok(d, "rmi", "edge-cli:1");
            Assert.DoesNotContain("edge-cli", await Ok(d, "images"));
            var again = await Dashctl(d, "rmi", "edge-cli:1");
            Assert.True(again.ExitCode != 0 && again.Stderr.Contains("No such image"), again.ToString());
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    [SkippableFact]
    public async Task Bad_input_exits_125_with_a_readable_message_and_creates_nothing()
    {
        var d = fixture.RequireDaemon();
        var bad = await Dashctl(d, "run", "--memory", "200x", "busybox", "true");
        Assert.True(bad.ExitCode == 125, bad.ToString());
        Assert.Contains("invalid size: '200x'", bad.Stderr);
        Assert.DoesNotContain("Exception", bad.Stderr); // a message, not a stack trace
        Assert.Equal("", bad.Stdout);

        var small = await Dashctl(d, "create", "--memory", "4m", "busybox", "true");
        Assert.True(small.ExitCode == 125 && small.Stderr.Contains("Minimum memory limit allowed is 6MB"), small.ToString());
        var missing = await Dashctl(d, "stop", "edge-nosuch");
        Assert.True(missing.ExitCode == 1 && missing.Stderr.Contains("No such container: edge-nosuch"), missing.ToString());
        Assert.Equal("", (await Ok(d, "ps", "-aq")).Trim());
    }

    [SkippableFact]
    public async Task Ns_maps_pid_1_to_the_host_pid_docker_inspect_reports_and_reads_the_hostname_from_inside()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        await Ok(d, "run", "-d", "--name", "edge-ns", "-h", "inside-ns", "busybox", "sleep", "60");
        try
        {
            var json = await Ok(d, "ns", "edge-ns", "--json");
            var report = JsonSerializer.Deserialize<Dashboard.Contracts.Namespaces.NamespaceReportDto>(json, Dashboard.Contracts.ContractJson.Options)!;
            var inspect = await DockerCli.RunAsync(d.DockerHost, "inspect", "-f", "{{.State.Pid}}", "edge-ns");
            Assert.True(inspect.ExitCode == 0, inspect.ToString());
            var dockerPid = int.Parse(inspect.Stdout.Trim());

            var init = report.Processes[0];
            Assert.True(init.Pid1);
            Assert.Equal(dockerPid, init.HostPid);
            Assert.Equal(dockerPid, report.HostPid);
            Assert.Equal("inside-ns", report.Uts.Hostname);
            // On the default network: loopback and the veth end netavark put in the namespace the engine made.
            Assert.Equal(["lo", "eth0"], report.Network.Interfaces.Select(i => i.Name));
            Assert.False(report.Namespaces["pid"].Host);
            Assert.Matches(@"\nUTS\nHostname\s+inside-ns\n", await Ok(d, "ns", "edge-ns"));
            Assert.Contains("edge-ns", await Ok(d, "ns"));
            // dashctl top: the same init, by host pid, with ps -ef's columns (C is lifetime %CPU, which a process a
            // moment old can have above 0).
            Assert.Matches($@"\nroot\s+{dockerPid}\s+\d+\s+\d+\s+\d\d:\d\d\s+\?\s+00:00:00\s+sleep 60\n", await Ok(d, "top", "edge-ns"));
        }
        finally
        {
            await Dashctl(d, "rm", "-f", "edge-ns");
        }
    }

    /// <summary>dashctl cp over /api/containers/{ref}/archive: in and out, a directory, its contents, and tars on stdin
    /// and stdout; an archive from the container is never extracted through a symlink.</summary>
    [SkippableFact]
    public async Task Cp_copies_both_ways_and_streams_tars()
    {
        var d = fixture.RequireDaemon();
        using var host = new TempDirectory("dash-dashctl-cp-");
        await Ok(d, "run", "-d", "--name", "edge-cp", "busybox", "sh", "-c", "mkdir -p /data/sub && echo f > /data/f && echo g > /data/sub/g && ln -s / /data/root && exec sleep 300");
        try
        {
            await Eventually.AssertAsync(async () => Assert.Equal(0, (await Dashctl(d, "cp", "edge-cp:/data/f", host.Sub("f"))).ExitCode));
            Assert.Equal("f\n", File.ReadAllText(host.Sub("f")));
            await Ok(d, "cp", "edge-cp:/data", host.Sub("data"));
            Assert.Equal("g\n", File.ReadAllText(host.Sub("data/sub/g")));
            Assert.Equal("/", new FileInfo(host.Sub("data/root")).LinkTarget);
            Directory.CreateDirectory(host.Sub("into"));
            await Ok(d, "cp", "edge-cp:/data/.", host.Sub("into"));
            Assert.True(File.Exists(host.Sub("into/f")));

            Directory.CreateDirectory(host.Sub("up/inner"));
            File.WriteAllText(host.Sub("up/inner/x.txt"), "x");
            await Ok(d, "cp", host.Sub("up"), "edge-cp:/tmp/");
            await Ok(d, "cp", host.Sub("up") + "/.", "edge-cp:/tmp/flat");
            var names = await TarNamesAsync(d, "edge-cp:/tmp");
            Assert.Contains("tmp/up/inner/x.txt", names);
            Assert.Contains("tmp/flat/inner/x.txt", names);

            // Tars: stdout and stdin.
            Assert.Equal(["sub/", "sub/g"], await TarNamesAsync(d, "edge-cp:/data/sub"));
            var tar = new MemoryStream();
            using (var writer = new System.Formats.Tar.TarWriter(tar, leaveOpen: true))
                writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "piped.txt") { DataStream = new MemoryStream("piped"u8.ToArray()) });
            tar.Position = 0;
            using (var stdout = new StringWriter())
            using (var stderr = new StringWriter())
            {
                var exit = await Dashboard.Cli.Dashctl.RunAsync(["--host", d.DockerHost, "cp", "-", "edge-cp:/tmp"], tar, stdout, stderr, _ => null, CancellationToken.None);
                Assert.True(exit == 0, stderr.ToString());
            }
            Assert.Contains("tmp/piped.txt", await TarNamesAsync(d, "edge-cp:/tmp"));

            var missing = await Dashctl(d, "cp", "edge-cp:/nope", host.Sub("nope"));
            Assert.Equal(1, missing.ExitCode);
            Assert.Contains("Could not find the file /nope in container edge-cp", missing.Stderr);
            Assert.Contains("No such container", (await Dashctl(d, "cp", host.Sub("f"), "no-such-container:/tmp")).Stderr);
        }
        finally
        {
            await Dashctl(d, "rm", "-f", "edge-cp");
        }
    }

    private static async Task<List<string>> TarNamesAsync(DaemonProcess d, string source)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var binary = new MemoryStream();
        var exit = await Dashboard.Cli.Dashctl.RunAsync(["--host", d.DockerHost, "cp", source, "-"], Stream.Null, binary, stdout, stderr, _ => null, CancellationToken.None);
        Assert.True(exit == 0, stderr.ToString());
        binary.Position = 0;
        var names = new List<string>();
        using var reader = new System.Formats.Tar.TarReader(binary);
        while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        return names;
    }
}
