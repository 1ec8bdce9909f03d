using Dashboard.Engine.Configuration;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Runtime;

public sealed class ConmonProtocolTests
{
    [Fact]
    public void Sync_message_with_a_pid_is_success()
    {
        var message = ConmonSyncMessage.Parse("{\"data\": 7204}\n");

        Assert.Equal(new ConmonSyncMessage(7204, null), message);
        Assert.True(message!.Succeeded);
    }

    [Fact]
    public void Sync_message_with_minus_one_carries_runc_error()
    {
        var line = "{\"data\": -1, \"message\": \"time=\\\"2026-11-28T05:04:04Z\\\" level=error msg=\\\"runc create failed: unable to start container process: exec: \\\\\\\"nonexist\\\\\\\": executable file not found in $PATH\\\"\\n\"}";

        var message = ConmonSyncMessage.Parse(line)!;

        Assert.False(message.Succeeded);
        Assert.Equal("runc create failed: unable to start container process: exec: \"nonexist\": executable file not found in $PATH",
            ConmonSyncMessage.CleanRuntimeError(message.Message));
    }

    [Theory]
    [InlineData("{\"pid\": 12}", 12)]
    [InlineData("{\"data\": 5, \"message\": \"x\"}", 5)]
    public void Old_and_new_keys_are_accepted(string line, int expected) =>
        Assert.Equal(expected, ConmonSyncMessage.Parse(line)!.Data);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("{\"other\": 1}")]
    [InlineData("{\"data\": \"12\"}")]
    public void Anything_else_is_not_a_sync_message(string? line) => Assert.Null(ConmonSyncMessage.Parse(line));

    [Fact]
    public void Plain_runtime_errors_pass_through_trimmed() =>
        Assert.Equal("container does not exist", ConmonSyncMessage.CleanRuntimeError("  container does not exist\n"));

    [Fact]
    public void Conmon_arguments_use_the_engine_runtime_root_and_files()
    {
        var paths = new RuntimePaths("/run/dashboard");
        var args = ConmonArguments.Build(new RuntimeCreateRequest("abc", "/var/lib/dashboard/bundles/abc", "/var/lib/dashboard/logs/abc.log"), "/usr/sbin/runc", paths);

        var text = string.Join(' ', args);
        Assert.Contains("--api-version 1", text);
        Assert.Contains("-c abc -u abc -n abc", text);
        Assert.Contains("-r /usr/sbin/runc -b /var/lib/dashboard/bundles/abc", text);
        Assert.Contains("-p /run/dashboard/conmon/abc.ctr.pid", text);
        Assert.Contains("--exit-dir /run/dashboard/exits", text);
        Assert.Contains("-l k8s-file:/var/lib/dashboard/logs/abc.log", text);
        Assert.Contains("--socket-dir-path /run/dashboard/socket", text);
        Assert.Contains("--conmon-pidfile /run/dashboard/conmon/abc.pid", text);
        Assert.EndsWith("--runtime-arg --root=/run/dashboard/runtime", text);
    }

    [Fact]
    public void Conmon_gets_the_log_size_limit_only_when_there_is_one()
    {
        var paths = new RuntimePaths("/run/dashboard");
        var request = new RuntimeCreateRequest("abc", "/b", "/l/ctr.log");
        Assert.DoesNotContain("--log-size-max", ConmonArguments.Build(request, "/usr/sbin/runc", paths));
        var args = ConmonArguments.Build(request with { LogSizeMax = 10_485_760 }, "/usr/sbin/runc", paths);
        Assert.Equal("10485760", args[args.ToList().IndexOf("--log-size-max") + 1]);
    }

    [Fact]
    public void Conmon_environment_passes_the_sync_pipe_and_drops_systemd_notify()
    {
        Assert.Equal("3", ConmonArguments.Environment["_OCI_SYNCPIPE"]);
        Assert.Null(ConmonArguments.Environment["NOTIFY_SOCKET"]);
        Assert.True(ConmonArguments.Environment.ContainsKey("LISTEN_FDS"));
    }

    [Theory]
    [InlineData("3\n", 3)]
    [InlineData("137", 137)]
    [InlineData("0", 0)]
    [InlineData("", null)]
    [InlineData("x", null)]
    public void Exit_files_hold_a_decimal_status(string content, int? expected) =>
        Assert.Equal(expected, ExitFileParser.Parse(content));

    [Fact]
    public void Missing_exit_file_reads_as_not_exited() =>
        Assert.Null(ExitFileParser.TryRead("/nonexistent/exits/abc"));

    [Fact]
    public void Runtime_state_json_is_parsed()
    {
        var state = RuntimeStateParser.Parse("""
            {"ociVersion":"1.0.2-dev","id":"c1","pid":7204,"status":"running","bundle":"/b","rootfs":"/b/rootfs","created":"2026-11-28T05:04:01Z","owner":""}
            """);

        Assert.Equal(new RuntimeState("c1", "running", 7204, "/b"), state);
    }

    [Theory]
    [InlineData("container does not exist", true)]
    [InlineData("time=\"x\" level=error msg=\"container does not exist\"", true)]
    [InlineData("error opening file `/run/crun/abc/status`: No such file or directory", true)]
    [InlineData("permission denied", false)]
    public void Not_found_is_recognised_for_runc_and_crun(string stderr, bool expected) =>
        Assert.Equal(expected, RuntimeStateParser.IsNotFound(stderr));

    [Fact]
    public void Update_flags_cover_every_set_limit_in_runc_spelling()
    {
        var args = RuntimeUpdateArguments.Build(new ResourceLimits
        {
            CpuQuota = 25000, CpuPeriod = 100000, CpuShares = 512, CpusetCpus = "0", MemoryBytes = 209715200, MemorySwapBytes = -1, PidsLimit = 100,
        });

        Assert.Equal(
            ["--cpu-period", "100000", "--cpu-quota", "25000", "--cpu-share", "512", "--cpuset-cpus", "0",
             "--memory", "209715200", "--memory-swap", "-1", "--pids-limit", "100"],
            args);
        Assert.Empty(RuntimeUpdateArguments.Build(new ResourceLimits()));
    }

    [Fact]
    public void Runtime_paths_live_under_the_run_root()
    {
        var paths = new RuntimePaths(new EngineOptions().RunRoot);

        Assert.Equal("/run/dashboard/runtime", paths.RuntimeRoot);
        Assert.Equal("/run/dashboard/exits/abc", paths.ExitFile("abc"));
        Assert.Equal("/run/dashboard/socket/abc", paths.SocketLink("abc"));
    }
}
