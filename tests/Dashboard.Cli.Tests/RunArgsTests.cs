using System.CommandLine;
using Dashboard.Cli.Commands;

namespace Dashboard.Cli.Tests;

/// <summary>docker run stops reading flags at the image; everything after it is the container's command.</summary>
public sealed class RunArgsTests
{
    [Theory]
    [InlineData("run busybox sh -c echo", "run busybox -- sh -c echo")]
    [InlineData("run -d --name web -e A=1 busybox sh -c x", "run -d --name web -e A=1 busybox -- sh -c x")]
    [InlineData("-H unix:///s run -m 200m busybox top -b", "-H unix:///s run -m 200m busybox -- top -b")]
    [InlineData("run --rm busybox", "run --rm busybox")]
    // As in docker, a "--" after the image is part of the command, not a separator.
    [InlineData("run busybox -- ls", "run busybox -- -- ls")]
    [InlineData("run -- busybox ls", "run -- busybox ls")]
    [InlineData("run --memory=200m busybox ls -l", "run --memory=200m busybox -- ls -l")]
    [InlineData("run --pid host --ipc container:db --uts host --net container:db busybox ps -o pid", "run --pid host --ipc container:db --uts host --net container:db busybox -- ps -o pid")]
    [InlineData("run -p 8080:80 --expose 81 --ip 10.0.0.5 --network-alias web -P busybox httpd -f", "run -p 8080:80 --expose 81 --ip 10.0.0.5 --network-alias web -P busybox -- httpd -f")]
    [InlineData("ps -a", "ps -a")]
    [InlineData("logs -f web", "logs -f web")]
    public void A_separator_goes_after_the_image(string input, string expected) =>
        Assert.Equal(expected, string.Join(' ', RunArgs.SeparateContainerCommand(input.Split(' '))));

    [Fact]
    public void Run_flags_parse_into_a_create_request_with_quantities_as_typed()
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null, name => name == "FROM_HOST" ? "yes" : null);
        var root = Dashctl.BuildRoot(context);
        var args = RunArgs.SeparateContainerCommand(
        [
            "run", "-d", "--name", "web", "-e", "A=1", "--env", "FROM_HOST", "-e", "UNSET", "-w", "/srv", "-u", "1000:1000",
            "-h", "box", "-l", "a=b", "--label", "flag", "--cpus", "0.25", "--cpu-shares", "512", "--cpuset-cpus", "0-1",
            "-m", "200m", "--memory-swap", "-1", "--pids-limit", "64", "--restart", "on-failure:3", "--network", "host",
            "-v", "/a:/b:ro", "--volume", "/c:/d", "--rm", "--entrypoint", "", "busybox", "sh", "-c", "echo -n hi",
        ]);
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        var run = parse.CommandResult.Command;
        // The run command keeps its flags object private; the same ContainerFlags on a fresh command reads them.
        var fresh = new ContainerFlags();
        var command = new Command("run");
        fresh.AddTo(command);
        command.Options.Add(new Option<bool>("--detach", "-d"));
        var dto = fresh.ToDto(command.Parse(args[1..]), context.Environment);

        Assert.Equal("run", run.Name);
        Assert.Equal("web", dto.Name);
        Assert.Equal("busybox", dto.Image);
        Assert.Equal(["sh", "-c", "echo -n hi"], dto.Cmd);
        Assert.Equal(["A=1", "FROM_HOST=yes", "UNSET"], dto.Env);
        Assert.Equal(("/srv", "1000:1000", "box"), (dto.WorkingDir, dto.User, dto.Hostname));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "b", ["flag"] = "" }, dto.Labels);
        Assert.Equal(("0.25", 512L, "0-1"), (dto.Cpus, dto.CpuShares, dto.CpusetCpus));
        Assert.Equal(("200m", "-1", 64L), (dto.Memory, dto.MemorySwap, dto.PidsLimit));
        Assert.Equal(("on-failure:3", "host"), (dto.Restart, dto.Network));
        Assert.Equal(["/a:/b:ro", "/c:/d"], dto.Binds);
        Assert.True(dto.AutoRemove);
        Assert.Equal([], dto.Entrypoint);
    }

    [Fact]
    public void Namespace_flags_go_into_the_request_as_typed()
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null, _ => null);
        var flags = new ContainerFlags();
        var command = new Command("create");
        flags.AddTo(command);
        var args = RunArgs.SeparateContainerCommand(
            ["create", "--network", "container:web", "--pid", "host", "--ipc", "shareable", "--uts", "host", "busybox", "sh"]);
        var parse = command.Parse(args[1..]);
        Assert.Empty(parse.Errors);
        var dto = flags.ToDto(parse, context.Environment);
        Assert.Equal(("container:web", "host", "shareable", "host"), (dto.Network, dto.Pid, dto.Ipc, dto.Uts));
        Assert.Equal(["sh"], dto.Cmd);

        var none = flags.ToDto(command.Parse(["busybox"]), context.Environment);
        Assert.Equal((null, null, null, null), (none.Network, none.Pid, none.Ipc, none.Uts));
    }

    [Fact]
    public void Log_opts_go_into_the_request_as_typed()
    {
        var flags = new ContainerFlags();
        var command = new Command("create");
        flags.AddTo(command);
        var args = RunArgs.SeparateContainerCommand(["create", "--log-opt", "max-size=10m", "--log-opt", "max-file=5", "busybox", "sh"]);
        var dto = flags.ToDto(command.Parse(args[1..]), _ => null);
        Assert.Equal(new Dictionary<string, string> { ["max-size"] = "10m", ["max-file"] = "5" }, dto.LogOptions);
        Assert.Equal(["sh"], dto.Cmd);
        Assert.Null(flags.ToDto(command.Parse(["busybox"]), _ => null).LogOptions);
    }

    [Fact]
    public void A_non_numeric_cpu_shares_is_a_parse_error_not_a_crash()
    {
        var root = Dashctl.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, _ => null));
        var parse = root.Parse(RunArgs.SeparateContainerCommand(["run", "--cpu-shares", "lots", "busybox"]));
        Assert.NotEmpty(parse.Errors);
    }
}
