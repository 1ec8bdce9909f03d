using System.CommandLine;
using Dashboard.Cli.Commands;

namespace Dashboard.Cli.Tests;

/// <summary>dashctl run/create take docker's security, mount and process flags and send them as typed; a seccomp profile
/// file is read and sent as its JSON, as the docker CLI does.</summary>
public sealed class OptionFlagsTests
{
    private static Contracts.Containers.CreateContainerDto Parse(string[] args, Func<string, string>? readFile = null)
    {
        var flags = new ContainerFlags();
        var command = new Command("create");
        flags.AddTo(command);
        var separated = RunArgs.SeparateContainerCommand(["create", .. args]);
        var parse = command.Parse(separated[1..]);
        Assert.Empty(parse.Errors);
        return flags.ToDto(parse, _ => null, readFile);
    }

    [Fact]
    public void Every_option_goes_into_the_request_as_typed()
    {
        var dto = Parse([
            "--privileged", "--cap-add", "NET_ADMIN", "--cap-drop", "ALL", "--cap-drop", "MKNOD", "--read-only",
            "--security-opt", "no-new-privileges", "--ulimit", "nofile=64:128", "--tmpfs", "/run:size=64m",
            "--mount", "type=bind,source=/srv,target=/data,readonly", "--device", "/dev/zero:/dev/myzero",
            "--sysctl", "net.ipv4.ip_forward=1", "--shm-size", "128m", "--group-add", "audio", "--init",
            "--oom-score-adj", "-5", "--cpuset-mems", "0", "--blkio-weight", "300", "busybox", "sh", "-c", "id",
        ]);
        Assert.True(dto.Privileged);
        Assert.Equal(["NET_ADMIN"], dto.CapAdd);
        Assert.Equal(["ALL", "MKNOD"], dto.CapDrop);
        Assert.True(dto.ReadOnly);
        Assert.Equal(["no-new-privileges"], dto.SecurityOpt);
        Assert.Equal(["nofile=64:128"], dto.Ulimits);
        Assert.Equal(["/run:size=64m"], dto.Tmpfs);
        Assert.Equal(["type=bind,source=/srv,target=/data,readonly"], dto.Mounts);
        Assert.Equal(["/dev/zero:/dev/myzero"], dto.Devices);
        Assert.Equal("1", dto.Sysctls!["net.ipv4.ip_forward"]);
        Assert.Equal("128m", dto.ShmSize);
        Assert.Equal(["audio"], dto.GroupAdd);
        Assert.True(dto.Init);
        Assert.Equal(-5, dto.OomScoreAdj);
        Assert.Equal(("0", 300), (dto.CpusetMems, dto.BlkioWeight));
        Assert.Equal(["sh", "-c", "id"], dto.Cmd); // the value flags did not swallow the image
    }

    [Fact]
    public void Without_the_flags_nothing_is_sent()
    {
        var dto = Parse(["busybox"]);
        Assert.False(dto.Privileged);
        Assert.Null(dto.CapAdd);
        Assert.Null(dto.SecurityOpt);
        Assert.Null(dto.Sysctls);
        Assert.Null(dto.Init);
        Assert.Null(dto.PidsLimit); // the daemon's default applies
    }

    [Fact]
    public void A_seccomp_profile_file_is_sent_as_its_compact_json()
    {
        var dto = Parse(["--security-opt", "seccomp=/etc/p.json", "--security-opt", "seccomp=unconfined", "busybox"],
            path => path == "/etc/p.json" ? "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\"\n}\n" : throw new FileNotFoundException(path));
        Assert.Equal(["seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}", "seccomp=unconfined"], dto.SecurityOpt);
    }

    [Fact]
    public void A_missing_or_broken_profile_file_is_a_clear_error()
    {
        var missing = Assert.Throws<CliException>(() => Parse(["--security-opt", "seccomp=/nope.json", "busybox"], p => throw new FileNotFoundException($"Could not find file '{p}'.")));
        Assert.Contains("opening seccomp profile (/nope.json) failed", missing.Message);
        var broken = Assert.Throws<CliException>(() => Parse(["--security-opt", "seccomp=/bad.json", "busybox"], _ => "{not json"));
        Assert.Contains("compacting json for seccomp profile (/bad.json) failed", broken.Message);
    }
}
