using System.Diagnostics;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Tests.Runtime;

/// <summary>
/// CreateAsync against scripted stand-ins for conmon and runc (no root needed): the sync-pipe protocol, error
/// reporting, cancellation and the cleanup after each failure.
/// </summary>
public sealed class ConmonCreateTests : IDisposable
{
    private const string ParseArgs = "while [ $# -gt 0 ]; do case \"$1\" in --conmon-pidfile) pidfile=\"$2\"; shift;; esac; shift; done\n";
    private readonly string _root = Directory.CreateTempSubdirectory("conmon-create-").FullName;
    private readonly List<string> _runtimeCalls = [];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Script(string name, string body)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private ConmonRuntime Runtime(string conmonBody)
    {
        var log = Path.Combine(_root, "runtime-calls");
        // runc stand-in: records its arguments and knows no container.
        var runc = Script("runc", $"echo \"$@\" >> {log}; echo 'container does not exist' >&2; exit 1");
        var conmon = Script("conmon", ParseArgs + conmonBody);
        var selection = new RuntimeSelection("runc", runc, "1.1.5", conmon, "2.1.6", FakeRuntimeHost.Hybrid, []);
        return new ConmonRuntime(new EngineOptions { RunRoot = Path.Combine(_root, "run") }, selection, NullLogger<ConmonRuntime>.Instance);
    }

    private RuntimeCreateRequest Request(string id = "abc") => new(id, Path.Combine(_root, "bundle"), Path.Combine(_root, "logs", id + ".log"));

    private IEnumerable<string> RuntimeCalls() =>
        File.Exists(Path.Combine(_root, "runtime-calls")) ? File.ReadAllLines(Path.Combine(_root, "runtime-calls")) : [];

    [Fact]
    public async Task The_pid_from_the_sync_pipe_and_the_conmon_pid_file_are_returned()
    {
        var runtime = Runtime("echo 777 > \"$pidfile\"; echo '{\"data\": 4242}' >&3");

        var result = await runtime.CreateAsync(Request(), CancellationToken.None);

        Assert.Equal(new RuntimeCreateResult(4242, 777), result);
        Assert.True(Directory.Exists(Path.Combine(_root, "logs")), "the log directory is created for conmon");
        Assert.Empty(RuntimeCalls());
    }

    [Fact]
    public async Task A_runtime_failure_throws_its_message_and_cleans_up()
    {
        var runtime = Runtime("echo 777 > \"$pidfile\"; printf '%s\\n' '{\"data\": -1, \"message\": \"time=\\\"x\\\" level=error msg=\\\"runc create failed: boom\\\"\"}' >&3");

        var error = await Assert.ThrowsAsync<OciRuntimeException>(() => runtime.CreateAsync(Request(), CancellationToken.None));

        Assert.Equal("runc create", error.Command);
        Assert.Equal("runc create failed: boom", error.Stderr);
        Assert.Contains($"--root {runtime.Paths.RuntimeRoot} delete --force abc", RuntimeCalls());
        Assert.False(File.Exists(runtime.Paths.ConmonPidFile("abc")));
    }

    [Fact]
    public async Task Conmon_dying_without_a_word_reports_its_stderr_and_exit_code()
    {
        var runtime = Runtime("echo '[conmon:e]: Runtime path /x is not valid' >&2; exit 2");

        var error = await Assert.ThrowsAsync<OciRuntimeException>(() => runtime.CreateAsync(Request(), CancellationToken.None));

        Assert.Equal("conmon", error.Command);
        Assert.Equal(2, error.ExitCode);
        Assert.Contains("Runtime path /x is not valid", error.Message);
    }

    [Fact]
    public async Task Cancellation_kills_a_hanging_conmon_and_cleans_up()
    {
        var runtime = Runtime("echo $$ > \"$pidfile\"; exec sleep 30");
        using var cancel = new CancellationTokenSource();
        var create = runtime.CreateAsync(Request(), cancel.Token);
        var pidFile = runtime.Paths.ConmonPidFile("abc");
        for (var i = 0; i < 200 && ConmonRuntime.ReadPidFile(pidFile) is null; i++) await Task.Delay(10);
        var pid = ConmonRuntime.ReadPidFile(pidFile);
        var watch = Stopwatch.StartNew();

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => create);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        Assert.NotNull(pid);
        Assert.False(Directory.Exists($"/proc/{pid}"), "killed and reaped");
        Assert.False(File.Exists(pidFile));
    }

    [Fact]
    public async Task An_existing_container_id_is_refused_before_anything_is_touched()
    {
        var runtime = Runtime("echo '{\"data\": 1}' >&3");
        Directory.CreateDirectory(Path.Combine(runtime.Paths.RuntimeRoot, "abc"));
        File.WriteAllText(runtime.Paths.ExitFile("abc"), "0");

        var error = await Assert.ThrowsAsync<OciRuntimeException>(() => runtime.CreateAsync(Request(), CancellationToken.None));

        Assert.Contains("container with id exists: abc", error.Message);
        Assert.True(File.Exists(runtime.Paths.ExitFile("abc")));
        Assert.Empty(RuntimeCalls());
    }

    [Fact]
    public async Task Every_runtime_command_carries_the_engine_root()
    {
        var runtime = Runtime("exit 0");

        Assert.Null(await runtime.StateAsync("abc", CancellationToken.None));
        await runtime.DeleteAsync("abc", force: false, CancellationToken.None);
        await Assert.ThrowsAsync<OciRuntimeException>(() => runtime.KillAsync("abc", 9, all: true, CancellationToken.None));

        Assert.Equal(
            [$"--root {runtime.Paths.RuntimeRoot} state abc", $"--root {runtime.Paths.RuntimeRoot} delete abc", $"--root {runtime.Paths.RuntimeRoot} kill --all abc 9"],
            RuntimeCalls());
    }

    [Fact]
    public void Cleanup_unlinks_the_socket_link_without_following_it()
    {
        var runtime = Runtime("exit 0");
        var bundle = Directory.CreateDirectory(Path.Combine(_root, "bundle-keep")).FullName;
        File.WriteAllText(Path.Combine(bundle, "config.json"), "{}");
        File.CreateSymbolicLink(runtime.Paths.SocketLink("abc"), bundle);
        File.WriteAllText(runtime.Paths.ExitFile("abc"), "0");

        runtime.CleanupFiles("abc");

        Assert.False(Path.Exists(runtime.Paths.SocketLink("abc")));
        Assert.True(File.Exists(Path.Combine(bundle, "config.json")));
        Assert.Null(runtime.ReadExitCode("abc"));
    }
}
