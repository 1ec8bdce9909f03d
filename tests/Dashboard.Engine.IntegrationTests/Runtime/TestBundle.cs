using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Engine.IntegrationTests.Runtime;

/// <summary>
/// A hand-made OCI bundle in a temp dir: a busybox rootfs and a minimal config.json written here on purpose (the
/// engine's spec generator is tested elsewhere; this keeps the runtime tests independent of it).
/// </summary>
public sealed class TestBundle
{
    public const string CgroupParent = "dashboard-test";
    private static readonly string[] Applets = ["sh", "echo", "sleep", "cat", "dd", "head", "tail", "true", "ls"];

    public TestBundle(string dir, string id, IReadOnlyList<string> args, long? memoryLimitBytes = null)
    {
        Dir = dir;
        Id = id;
        var rootfs = Path.Combine(dir, "rootfs");
        foreach (var sub in new[] { "bin", "proc", "dev", "sys", "tmp", "etc" }) Directory.CreateDirectory(Path.Combine(rootfs, sub));
        File.Copy("/bin/busybox", Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in Applets) File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        File.WriteAllText(Path.Combine(dir, "config.json"), Config(id, args, memoryLimitBytes).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public string Dir { get; }
    public string Id { get; }
    public string CgroupsPath => $"/{CgroupParent}/{Id}";

    private static JsonObject Config(string id, IReadOnlyList<string> args, long? memoryLimitBytes)
    {
        string[] caps = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID",
            "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT", "CAP_MKNOD", "CAP_AUDIT_WRITE", "CAP_SETFCAP"];
        var resources = new JsonObject { ["devices"] = new JsonArray(new JsonObject { ["allow"] = false, ["access"] = "rwm" }) };
        if (memoryLimitBytes is { } limit)
        {
            // memory+swap equal to memory: the hog cannot escape into swap, so the OOM killer must act.
            resources["memory"] = new JsonObject { ["limit"] = limit, ["swap"] = limit };
        }
        return new JsonObject
        {
            ["ociVersion"] = "1.0.2",
            ["process"] = new JsonObject
            {
                ["terminal"] = false,
                ["user"] = new JsonObject { ["uid"] = 0, ["gid"] = 0 },
                ["args"] = new JsonArray(args.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
                ["env"] = new JsonArray("PATH=/bin", "HOME=/"),
                ["cwd"] = "/",
                ["capabilities"] = new JsonObject
                {
                    ["bounding"] = Array(caps), ["effective"] = Array(caps), ["permitted"] = Array(caps),
                },
                ["rlimits"] = new JsonArray(new JsonObject { ["type"] = "RLIMIT_NOFILE", ["hard"] = 1024, ["soft"] = 1024 }),
                ["noNewPrivileges"] = true,
            },
            ["root"] = new JsonObject { ["path"] = "rootfs", ["readonly"] = false },
            ["hostname"] = "rt-" + id[..8],
            ["mounts"] = new JsonArray(
                Mount("/proc", "proc", "proc", ["nosuid", "noexec", "nodev"]),
                Mount("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]),
                Mount("/dev/pts", "devpts", "devpts", ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]),
                Mount("/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
                Mount("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"])),
            ["linux"] = new JsonObject
            {
                ["cgroupsPath"] = $"/{CgroupParent}/{id}",
                ["resources"] = resources,
                ["namespaces"] = new JsonArray(
                    new JsonObject { ["type"] = "pid" }, new JsonObject { ["type"] = "ipc" }, new JsonObject { ["type"] = "uts" },
                    new JsonObject { ["type"] = "mount" }, new JsonObject { ["type"] = "network" }),
                ["maskedPaths"] = Array(["/proc/kcore", "/proc/keys", "/proc/timer_list", "/sys/firmware"]),
                ["readonlyPaths"] = Array(["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]),
            },
        };
    }

    private static JsonObject Mount(string destination, string type, string source, string[] options) => new()
    {
        ["destination"] = destination, ["type"] = type, ["source"] = source, ["options"] = Array(options),
    };

    private static JsonArray Array(string[] values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}
