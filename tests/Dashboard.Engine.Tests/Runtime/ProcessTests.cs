using System.Diagnostics;
using System.Text;
using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.Tests.Runtime;

public sealed class ProcessTests
{
    [Fact]
    public async Task Runner_captures_both_streams_and_the_exit_code()
    {
        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", "echo out; echo err >&2; exit 4"], CancellationToken.None);

        Assert.Equal(new ProcessResult(4, "out\n", "err\n"), result);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task Runner_passes_arguments_without_a_shell()
    {
        var result = await ProcessRunner.RunAsync("/bin/echo", ["a b", "$HOME", "'c'"], CancellationToken.None);

        Assert.Equal("a b $HOME 'c'\n", result.Stdout);
    }

    [Fact]
    public async Task Runner_cancellation_kills_the_child()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ProcessRunner.RunAsync("/bin/sleep", ["30"], cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Spawner_hands_fd_3_and_stderr_pipes_and_a_new_session()
    {
        // The child reports its own pid and session id (fields 1 and 6 of /proc/self/stat, read by a shell builtin)
        // and where its stdin points, on fd 3, like conmon writes {"data": PID}.
        var script = "read -r stat < /proc/self/stat; set -- $stat; echo \"$1 $6 $(readlink /proc/$$/fd/0)\" >&3; echo oops >&2; exit 5";
        using var spawned = DetachedSpawner.Spawn("/bin/sh", ["-c", script], new Dictionary<string, string?> { ["_OCI_SYNCPIPE"] = "3" }, "/");

        var line = await new StreamReader(spawned.SyncPipe, Encoding.UTF8).ReadLineAsync();
        var stderr = await new StreamReader(spawned.Stderr, Encoding.UTF8).ReadToEndAsync();
        var exit = await Task.Run(() => DetachedSpawner.WaitForExit(spawned.Pid));

        var parts = line!.Split(' ');
        Assert.Equal(spawned.Pid.ToString(), parts[0]);
        Assert.Equal(spawned.Pid.ToString(), parts[1]); // session leader of its own session
        Assert.Equal("/dev/null", parts[2]);
        Assert.Equal("oops\n", stderr);
        Assert.Equal(5, exit);
        Assert.False(Directory.Exists($"/proc/{spawned.Pid}"), "the child was reaped, no zombie left");
    }

    [Fact]
    public async Task Spawner_sees_eof_when_the_child_exits_without_writing()
    {
        using var spawned = DetachedSpawner.Spawn("/bin/sh", ["-c", "exit 0"], new Dictionary<string, string?>(), "/");

        Assert.Null(await new StreamReader(spawned.SyncPipe).ReadLineAsync());
        Assert.Equal(0, await Task.Run(() => DetachedSpawner.WaitForExit(spawned.Pid)));
    }

    [Fact]
    public void Spawner_reports_a_missing_binary()
    {
        Assert.Throws<System.ComponentModel.Win32Exception>(() =>
            DetachedSpawner.Spawn("/nonexistent/conmon", [], new Dictionary<string, string?>(), "/"));
    }

    [Fact]
    public async Task Spawner_environment_overrides_add_and_remove_variables()
    {
        Environment.SetEnvironmentVariable("DASHBOARD_SPAWN_TEST_DROP", "present");
        using var spawned = DetachedSpawner.Spawn("/bin/sh", ["-c", "echo \"${DASHBOARD_SPAWN_TEST_DROP:-gone} $ADDED\" >&3"],
            new Dictionary<string, string?> { ["DASHBOARD_SPAWN_TEST_DROP"] = null, ["ADDED"] = "yes" }, "/");

        Assert.Equal("gone yes", await new StreamReader(spawned.SyncPipe).ReadLineAsync());
        await Task.Run(() => DetachedSpawner.WaitForExit(spawned.Pid));
    }

    [Fact]
    public async Task Spawner_starts_the_child_in_the_given_directory()
    {
        // conmon writes an "oom" file into its working directory: it must be the container's, not the daemon's.
        var dir = Directory.CreateTempSubdirectory("dash-spawn-cwd-").FullName;
        try
        {
            using var spawned = DetachedSpawner.Spawn("/bin/sh", ["-c", "pwd -P >&3; : > written-here"], new Dictionary<string, string?>(), dir);
            Assert.Equal(dir, await new StreamReader(spawned.SyncPipe).ReadLineAsync());
            await Task.Run(() => DetachedSpawner.WaitForExit(spawned.Pid));
            Assert.True(File.Exists(Path.Combine(dir, "written-here")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Spawner_refuses_a_missing_directory()
    {
        var missing = Path.Combine(Path.GetTempPath(), "dash-spawn-missing-" + Guid.NewGuid().ToString("N"));
        // glibc's posix_spawn reports the child's failed chdir, so nothing runs anywhere else instead.
        Assert.Throws<System.ComponentModel.Win32Exception>(() =>
            DetachedSpawner.Spawn("/bin/sh", ["-c", "echo ran >&3"], new Dictionary<string, string?>(), missing));
    }

    [Fact]
    public async Task Helper_processes_run_in_the_root_directory_unless_told_otherwise()
    {
        // Not the daemon's current directory: under dotnet run that is the source tree.
        Assert.Equal("/\n", (await ProcessRunner.RunAsync("/bin/sh", ["-c", "pwd -P"], CancellationToken.None)).Stdout);
        var dir = Directory.CreateTempSubdirectory("dash-runner-cwd-").FullName;
        try
        {
            var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", "pwd -P"], CancellationToken.None, workingDirectory: dir);
            Assert.Equal(dir + "\n", result.Stdout);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}
