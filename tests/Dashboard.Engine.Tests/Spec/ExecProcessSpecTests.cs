using System.Text.Json.Nodes;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Spec;

/// <summary>The exec's process spec is the container's process with the exec's overrides merged in, and nothing of
/// the container's security profile dropped.</summary>
public sealed class ExecProcessSpecTests
{
    private static readonly string[] Bounding = ["CAP_CHOWN", "CAP_KILL", "CAP_SETUID"];

    private const string ContainerConfig = """
        {
          "ociVersion": "1.0.2",
          "process": {
            "terminal": true,
            "consoleSize": { "height": 10, "width": 20 },
            "user": { "uid": 0, "gid": 0 },
            "args": ["sleep", "1000"],
            "env": ["PATH=/usr/bin:/bin", "HOME=/root", "KEEP=1", "DROP=1"],
            "cwd": "/srv",
            "capabilities": {
              "bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_SETUID"],
              "effective": ["CAP_CHOWN"],
              "permitted": ["CAP_CHOWN"],
              "inheritable": ["CAP_CHOWN"],
              "ambient": ["CAP_CHOWN"]
            },
            "rlimits": [{ "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 }],
            "noNewPrivileges": true,
            "apparmorProfile": "dashboard-default",
            "oomScoreAdj": 500
          },
          "root": { "path": "rootfs" },
          "linux": { "seccomp": { "defaultAction": "SCMP_ACT_ERRNO" } }
        }
        """;

    private static JsonObject Build(ExecProcessOverrides overrides) =>
        (JsonObject)JsonNode.Parse(ExecProcessSpec.Build(ContainerConfig, overrides))!;

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    [Fact]
    public void The_command_replaces_the_containers_and_the_rest_of_its_process_is_kept()
    {
        var process = Build(new ExecProcessOverrides { Args = ["sh", "-c", "echo 'a b'"] });

        Assert.Equal(["sh", "-c", "echo 'a b'"], Strings(process["args"]));
        Assert.Equal("/srv", process["cwd"]!.GetValue<string>());
        Assert.Equal(["PATH=/usr/bin:/bin", "HOME=/root", "KEEP=1", "DROP=1"], Strings(process["env"]));
        Assert.True(process["noNewPrivileges"]!.GetValue<bool>());
        Assert.Equal("dashboard-default", process["apparmorProfile"]!.GetValue<string>());
        Assert.Equal(1024, process["rlimits"]![0]!["hard"]!.GetValue<int>());
        // No terminal unless asked, and no console size without one; runc ignores oomScoreAdj for an exec.
        Assert.False(process["terminal"]!.GetValue<bool>());
        Assert.Null(process["consoleSize"]);
        Assert.Null(process["oomScoreAdj"]);
        // The output is the process alone (runc exec --process), not the whole config.
        Assert.Null(process["root"]);
        Assert.Null(process["linux"]);
    }

    [Fact]
    public void Env_overrides_replace_add_and_remove_and_a_terminal_gets_TERM()
    {
        var process = Build(new ExecProcessOverrides
        {
            Args = ["env"], Env = ["KEEP=2", "NEW=x=y", "DROP"], Terminal = true, ConsoleSize = new TerminalSize(40, 120),
        });

        Assert.Equal(["PATH=/usr/bin:/bin", "HOME=/root", "KEEP=2", "NEW=x=y", "TERM=xterm"], Strings(process["env"]));
        Assert.True(process["terminal"]!.GetValue<bool>());
        Assert.Equal(40, process["consoleSize"]!["height"]!.GetValue<int>());
        Assert.Equal(120, process["consoleSize"]!["width"]!.GetValue<int>());

        // The exec's own TERM wins over Docker's default.
        var own = Build(new ExecProcessOverrides { Args = ["env"], Env = ["TERM=vt100"], Terminal = true });
        Assert.Equal(["TERM=vt100"], Strings(own["env"]).Where(e => e.StartsWith("TERM=")).ToArray());
        Assert.Null(own["consoleSize"]);
    }

    [Fact]
    public void Cwd_and_user_override_the_containers()
    {
        var process = Build(new ExecProcessOverrides
        {
            Args = ["id"], Cwd = "/tmp", User = new ResolvedUser(1000, 100, [10, 20]),
        });

        Assert.Equal("/tmp", process["cwd"]!.GetValue<string>());
        Assert.Equal(1000U, process["user"]!["uid"]!.GetValue<uint>());
        Assert.Equal(100U, process["user"]!["gid"]!.GetValue<uint>());
        Assert.Equal([10U, 20U], process["user"]!["additionalGids"]!.AsArray().Select(g => g!.GetValue<uint>()).ToArray());
    }

    [Fact]
    public void Root_gets_the_bounding_set_as_effective_and_permitted_and_never_inheritable_or_ambient()
    {
        var capabilities = Build(new ExecProcessOverrides { Args = ["true"] })["capabilities"]!;

        Assert.Equal(Bounding, Strings(capabilities["bounding"]));
        Assert.Equal(Bounding, Strings(capabilities["effective"]));
        Assert.Equal(Bounding, Strings(capabilities["permitted"]));
        Assert.Null(capabilities["inheritable"]);
        Assert.Null(capabilities["ambient"]);
    }

    [Fact]
    public void A_non_root_user_keeps_only_the_bounding_set()
    {
        var capabilities = Build(new ExecProcessOverrides { Args = ["true"], User = new ResolvedUser(1000, 1000, []) })["capabilities"]!;

        Assert.Equal(Bounding, Strings(capabilities["bounding"]));
        Assert.Null(capabilities["effective"]);
        Assert.Null(capabilities["permitted"]);
    }

    [Fact]
    public void Privileged_gets_every_capability_the_host_grants_and_keeps_the_rest_of_the_profile()
    {
        string[] all = ["CAP_CHOWN", "CAP_KILL", "CAP_SETUID", "CAP_SYS_ADMIN", "CAP_NET_ADMIN"];
        var process = Build(new ExecProcessOverrides { Args = ["true"], AllCapabilities = all });

        var capabilities = process["capabilities"]!;
        Assert.Equal(all, Strings(capabilities["bounding"]));
        Assert.Equal(all, Strings(capabilities["effective"]));
        Assert.Equal(all, Strings(capabilities["permitted"]));
        Assert.Null(capabilities["ambient"]);
        Assert.True(process["noNewPrivileges"]!.GetValue<bool>());

        // As a non-root user, --privileged widens the bounding set only (execve clears the others for non-root).
        var asUser = Build(new ExecProcessOverrides { Args = ["true"], AllCapabilities = all, User = new ResolvedUser(7, 7, []) })["capabilities"]!;
        Assert.Equal(all, Strings(asUser["bounding"]));
        Assert.Null(asUser["effective"]);
    }

    [Fact]
    public void A_config_without_a_process_is_refused()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() =>
            ExecProcessSpec.Build("""{"ociVersion":"1.0.2"}""", new ExecProcessOverrides { Args = ["true"] }));
    }
}
