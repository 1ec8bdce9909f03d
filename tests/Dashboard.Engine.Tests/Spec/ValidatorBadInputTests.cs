using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Spec;

/// <summary>The bad-input table: each request must be refused with the named field and an actionable message.</summary>
public sealed class ValidatorBadInputTests
{
    private static readonly HostLimits s_host = new(CpuCount: 2, MemoryBytes: 4L << 30);
    private static readonly CreateContainerRequest s_ok = new() { Image = "busybox" };

    private static readonly Dictionary<string, (CreateContainerRequest Request, string Field, string Message)> s_cases = new()
    {
        ["no image"] = (new() { Image = "" }, "image", "an image is required"),
        ["blank image"] = (new() { Image = "   " }, "image", "an image is required"),
        ["image with space"] = (s_ok with { Image = "busy box" }, "image", "invalid reference format"),
        ["name one char"] = (s_ok with { Name = "a" }, "name", "Invalid container name (a)"),
        ["name with space"] = (s_ok with { Name = "my app" }, "name", "only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"),
        ["name leading dash"] = (s_ok with { Name = "-web" }, "name", "Invalid container name"),
        ["name with slash inside"] = (s_ok with { Name = "a/b" }, "name", "Invalid container name"),
        ["memory unit"] = (s_ok with { Memory = "200x" }, "memory", "invalid size: '200x'"),
        ["memory words"] = (s_ok with { Memory = "lots" }, "memory", "invalid size: 'lots'"),
        ["memory negative"] = (s_ok with { Memory = "-1" }, "memory", "invalid size"),
        ["memory under 6MB"] = (s_ok with { Memory = "4m" }, "memory", "Minimum memory limit allowed is 6MB"),
        ["memory one byte"] = (s_ok with { Memory = "1" }, "memory", "Minimum memory limit allowed is 6MB"),
        ["memory-swap without memory"] = (s_ok with { MemorySwap = "1g" }, "memory-swap", "You should always set the Memory limit"),
        ["memory-swap below memory"] = (s_ok with { Memory = "200m", MemorySwap = "100m" }, "memory-swap", "should be larger than memory limit"),
        ["memory-swap bad unit"] = (s_ok with { Memory = "200m", MemorySwap = "1q" }, "memory-swap", "invalid size: '1q'"),
        ["cpus negative"] = (s_ok with { Cpus = "-1" }, "cpus", "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available"),
        ["cpus above host"] = (s_ok with { Cpus = "3" }, "cpus", "as there are only 2 CPUs available"),
        ["cpus below 0.01"] = (s_ok with { Cpus = "0.001" }, "cpus", "Range of CPUs is from 0.01"),
        ["cpus not a number"] = (s_ok with { Cpus = "two" }, "cpus", "failed to parse"),
        ["cpus too precise"] = (s_ok with { Cpus = "0.0000000001" }, "cpus", "too precise"),
        ["cpus with cpu-period"] = (s_ok with { Cpus = "0.5", CpuPeriod = 50000 }, "cpus", "Conflicting options: Nano CPUs and CPU Period cannot both be set"),
        ["cpus with cpu-quota"] = (s_ok with { Cpus = "0.5", CpuQuota = 50000 }, "cpus", "Conflicting options: Nano CPUs and CPU Quota cannot both be set"),
        ["cpu-period too small"] = (s_ok with { CpuPeriod = 999 }, "cpu-period", "can not be less than 1ms"),
        ["cpu-period too large"] = (s_ok with { CpuPeriod = 1_000_001 }, "cpu-period", "larger than 1s"),
        ["cpu-quota too small"] = (s_ok with { CpuQuota = 500 }, "cpu-quota", "can not be less than 1ms (i.e. 1000)"),
        ["cpu-shares one"] = (s_ok with { CpuShares = 1 }, "cpu-shares", "between 2 and 262144"),
        ["cpu-shares too large"] = (s_ok with { CpuShares = 300_000 }, "cpu-shares", "between 2 and 262144"),
        ["cpu-shares negative"] = (s_ok with { CpuShares = -5 }, "cpu-shares", "between 2 and 262144"),
        ["cpuset syntax"] = (s_ok with { CpusetCpus = "0-a" }, "cpuset-cpus", "Invalid value 0-a for cpuset cpus"),
        ["cpuset backwards"] = (s_ok with { CpusetCpus = "1-0" }, "cpuset-cpus", "runs backwards"),
        ["cpuset beyond host"] = (s_ok with { CpusetCpus = "0-3" }, "cpuset-cpus", "Requested CPUs are not available - requested 0-3, available: 0-1"),
        ["network bad name"] = (s_ok with { NetworkMode = "my net" }, "network", "invalid network name 'my net'"),
        ["network none with another"] = (s_ok with { NetworkMode = "none", Networks = [new NetworkAttachment("web")] }, "network", "--network none cannot be combined with other networks (web)"),
        ["network ip not IPv4"] = (s_ok with { Networks = [new NetworkAttachment("web") { IPv4Address = "fd00::2" }] }, "ip", "invalid --ip fd00::2 for network web"),
        ["network alias bad"] = (s_ok with { Networks = [new NetworkAttachment("web") { Aliases = ["a b"] }] }, "network-alias", "invalid --network-alias 'a b'"),
        ["publish port 0"] = (s_ok with { Publish = ["8080:0"] }, "publish", "invalid -p 8080:0: container port '0' must be a number from 1 to 65535"),
        ["publish port 70000"] = (s_ok with { Publish = ["70000:80"] }, "publish", "invalid -p 70000:80: host port '70000' must be a number from 1 to 65535"),
        ["publish container port 70000"] = (s_ok with { Publish = ["70000"] }, "publish", "container port '70000' must be a number from 1 to 65535"),
        ["publish sctp"] = (s_ok with { Publish = ["80:80/sctp"] }, "publish", "protocol sctp is not supported by this engine; use tcp or udp"),
        ["publish bad protocol"] = (s_ok with { Publish = ["80/icmp"] }, "publish", "unknown protocol 'icmp'"),
        ["publish bad host ip"] = (s_ok with { Publish = ["1.2.3:80:80"] }, "publish", "'1.2.3' is not an IPv4 address"),
        ["publish IPv6 host ip"] = (s_ok with { Publish = ["[::1]:80:80"] }, "publish", "IPv6 host addresses are not supported"),
        ["publish range"] = (s_ok with { Publish = ["8000-8001:80-81"] }, "publish", "port ranges are not supported"),
        ["publish too many colons"] = (s_ok with { Publish = ["a:b:c:d"] }, "publish", "expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]"),
        ["publish twice"] = (s_ok with { Publish = ["8080:80", "8080:81"] }, "publish", "host port 8080/tcp is published twice"),
        ["publish with network none"] = (s_ok with { NetworkMode = "none", Publish = ["8080:80"] }, "publish", "-p needs a network of the engine's: a container on --network none has no ports to publish"),
        ["publish with network host"] = (s_ok with { NetworkMode = "host", Publish = ["8080:80"] }, "publish", "--network host has no ports to publish"),
        ["network container without name"] = (s_ok with { NetworkMode = "container:" }, "network", "name the container to share with, e.g. --network container:web"),
        ["network container blank name"] = (s_ok with { NetworkMode = "container:  " }, "network", "name the container to share with"),
        ["network container bad name"] = (s_ok with { NetworkMode = "container:we b" }, "network", "'we b' is not a container name or id"),
        ["network container self"] = (s_ok with { Name = "web", NetworkMode = "container:web" }, "network", "a container cannot join its own network namespace"),
        ["network container self with slash"] = (s_ok with { Name = "web", NetworkMode = "container:/web" }, "network", "cannot join its own network namespace"),
        ["pid unknown"] = (s_ok with { PidMode = "shared" }, "pid", "invalid --pid 'shared': use host or container:NAME"),
        ["pid container without name"] = (s_ok with { PidMode = "container:" }, "pid", "e.g. --pid container:web"),
        ["pid container bad name"] = (s_ok with { PidMode = "container:a;b" }, "pid", "'a;b' is not a container name or id"),
        ["pid container self"] = (s_ok with { Name = "app", PidMode = "container:app" }, "pid", "cannot join its own PID namespace"),
        ["ipc none"] = (s_ok with { IpcMode = "none" }, "ipc", "--ipc none is not supported"),
        ["ipc unknown"] = (s_ok with { IpcMode = "public" }, "ipc", "invalid --ipc 'public': use private (the default), shareable, host or container:NAME"),
        ["ipc container self"] = (s_ok with { Name = "app", IpcMode = "container:app" }, "ipc", "cannot join its own IPC namespace"),
        ["uts container"] = (s_ok with { UtsMode = "container:web" }, "uts", "--uts container:NAME is not supported"),
        ["uts unknown"] = (s_ok with { UtsMode = "shared" }, "uts", "invalid --uts 'shared': use host"),
        ["restart unknown"] = (s_ok with { RestartPolicy = "sometimes" }, "restart", "unknown policy 'sometimes'"),
        ["restart always with count"] = (s_ok with { RestartPolicy = "always:3" }, "restart", "only be used with 'on-failure'"),
        ["restart negative count"] = (s_ok with { RestartPolicy = "on-failure:-2" }, "restart", "cannot be negative"),
        ["restart with rm"] = (s_ok with { RestartPolicy = "always", AutoRemove = true }, "restart", "Conflicting options: --restart and --rm"),
        ["stop signal unknown"] = (s_ok with { StopSignal = "SIGFOO" }, "stop-signal", "Invalid signal: SIGFOO"),
        ["stop signal zero"] = (s_ok with { StopSignal = "0" }, "stop-signal", "Invalid signal"),
        ["stop timeout below -1"] = (s_ok with { StopTimeout = -5 }, "stop-timeout", "invalid stop timeout -5"),
        ["label empty key"] = (s_ok with { Labels = new Dictionary<string, string> { [""] = "x" } }, "label", "label name cannot be empty"),
        ["workdir relative"] = (s_ok with { WorkingDir = "app" }, "workdir", "needs to be an absolute path"),
        ["workdir proc fd"] = (s_ok with { WorkingDir = "/proc/self/fd/7" }, "workdir", "not allowed"),
        ["user too large"] = (s_ok with { User = "4294967295" }, "user", "above the maximum"),
        ["user malformed"] = (s_ok with { User = "1000:" }, "user", "invalid user '1000:'"),
        ["user three parts"] = (s_ok with { User = "a:b:c" }, "user", "use uid[:gid] or name[:group]"),
        ["hostname bad chars"] = (s_ok with { Hostname = "my_host" }, "hostname", "only letters, digits"),
        ["hostname long label"] = (s_ok with { Hostname = new string('h', 64) }, "hostname", "longer than 63"),
        ["hostname with host network"] = (s_ok with { Hostname = "web", NetworkMode = "host" }, "hostname", "Conflicting options: --hostname and --network host"),
        ["hostname with container network"] = (s_ok with { Hostname = "web", NetworkMode = "container:db" }, "hostname", "conflicting options: hostname and the network mode"),
        ["hostname with uts host"] = (s_ok with { Hostname = "web", UtsMode = "host" }, "hostname", "conflicting options: hostname and the UTS mode"),
        ["env empty key"] = (s_ok with { Env = ["=value"] }, "env", "name before '=' cannot be empty"),
        ["bind relative"] = (s_ok with { Binds = ["./data:/data"] }, "volume", "is a relative path, not an absolute host path"),
        ["bad volume name"] = (s_ok with { Binds = ["bad name:/data"] }, "volume", "includes invalid characters for a local volume name"),
        ["volume name with a slash in --mount"] = (s_ok with { Mounts = ["type=volume,src=a/b,dst=/data"] }, "mount", "includes invalid characters for a local volume name"),
        ["volume mode"] = (s_ok with { Binds = ["data:/data:rx"] }, "volume", "invalid mode 'rx'; use ro, rw or nocopy"),
        ["anonymous volume relative"] = (s_ok with { Volumes = ["data"] }, "volume", "must be absolute"),
        ["bind relative destination"] = (s_ok with { Binds = ["/data:data"] }, "volume", "must be absolute"),
        ["bind bad mode"] = (s_ok with { Binds = ["/data:/data:rx"] }, "volume", "invalid mode 'rx'"),
        ["bind onto root"] = (s_ok with { Binds = ["/data:/"] }, "volume", "cannot be '/'"),
        ["bind duplicate destination"] = (s_ok with { Binds = ["/a:/data", "/b:/data/"] }, "volume", "Duplicate mount point: /data"),
        // Bounds on what is stored (InputLimits): each over-long value is refused without being echoed whole.
        ["name 256 characters"] = (s_ok with { Name = new string('n', 256) }, "name", "it is 256 characters long; at most 255 are allowed"),
        ["name 100 MB"] = (s_ok with { Name = new string('n', 100 << 20) }, "name", "at most 255 are allowed"),
        ["labels 257"] = (s_ok with { Labels = Labels(257, 1) }, "label", "257 labels given; at most 256 are allowed"),
        ["label name over 1 KiB"] = (s_ok with { Labels = new Dictionary<string, string> { [new string('k', 1025)] = "v" } }, "label", "is 1 KiB; at most 1 KiB is allowed"),
        ["label value over 32 KiB"] = (s_ok with { Labels = new Dictionary<string, string> { ["big"] = new string('v', 32 * 1024 + 1) } }, "label", "the value of label 'big' is 32 KiB; at most 32 KiB is allowed per label"),
        ["label value 10 MB"] = (s_ok with { Labels = new Dictionary<string, string> { ["big"] = new string('v', 10 << 20) } }, "label", "the value of label 'big' is 10 MiB"),
        ["labels over 64 KiB in all"] = (s_ok with { Labels = Labels(3, 30 * 1024) }, "label", "at most 64 KiB is allowed in all, because every event about the container carries them"),
        ["env 4097 entries"] = (s_ok with { Env = Enumerable.Range(0, 4097).Select(i => $"V{i}=1").ToArray() }, "env", "4,097 environment variables given; at most 4096 are allowed"),
        ["env entry over 128 KiB"] = (s_ok with { Env = ["BIG=" + new string('x', 128 * 1024)] }, "env", "the environment variable 'BIG' is 128 KiB; at most 128 KiB is allowed per variable"),
        ["env over 512 KiB in all"] = (s_ok with { Env = Enumerable.Range(0, 5).Select(i => $"V{i}=" + new string('x', 120 * 1024)).ToArray() }, "env", "at most 512 KiB is allowed in all"),
        ["cmd 4097 arguments"] = (s_ok with { Cmd = Enumerable.Repeat("a", 4097).ToArray() }, "cmd", "the command has 4,097 arguments"),
        ["cmd argument over 128 KiB"] = (s_ok with { Cmd = ["sh", "-c", new string('x', 128 * 1024 + 1)] }, "cmd", "cmd argument 3 is 128 KiB; at most 128 KiB is allowed per argument"),
        ["entrypoint argument over 128 KiB"] = (s_ok with { Entrypoint = [new string('x', 200 * 1024)] }, "entrypoint", "entrypoint argument 1 is 200 KiB"),
        ["cmd and entrypoint over 512 KiB"] = (s_ok with { Entrypoint = [new string('e', 100 * 1024)], Cmd = Enumerable.Repeat(new string('c', 100 * 1024), 5).ToArray() }, "cmd", "at most 512 KiB is allowed in all"),
        ["cmd with NUL"] = (s_ok with { Cmd = ["echo", "a\0b"] }, "cmd", "cmd argument 2 contains a NUL character"),
        ["workdir over PATH_MAX"] = (s_ok with { WorkingDir = "/" + new string('d', 4095) }, "workdir", "at most 4095 bytes are allowed (PATH_MAX)"),
        ["binds 257"] = (s_ok with { Binds = Enumerable.Range(0, 257).Select(i => $"/tmp:/m{i}").ToArray() }, "volume", "257 volumes given; at most 256 are allowed"),
        ["bind path over PATH_MAX"] = (s_ok with { Binds = ["/" + new string('s', 4095) + ":/data"] }, "volume", "a path longer than 4095 bytes (PATH_MAX)"),
        ["cpuset 2000 characters"] = (s_ok with { CpusetCpus = string.Join(',', Enumerable.Repeat("0", 1000)) }, "cpuset-cpus", "at most 1024 are allowed"),
        ["memory 300 digits"] = (s_ok with { Memory = new string('9', 300) }, "memory", "the value of --memory is 300 characters long; at most 64 are allowed"),
        ["image 1 MB"] = (s_ok with { Image = new string('b', 1 << 20) }, "image", "at most 512 are allowed"),
        ["hostname 100 KB"] = (s_ok with { Hostname = new string('h', 100_000) }, "hostname", "the value of --hostname is 100,000 characters long"),
        ["network container name 1 MB"] = (s_ok with { NetworkMode = "container:" + new string('c', 1 << 20) }, "network", "at most 265 are allowed"),
        ["stop signal 1 MB"] = (s_ok with { StopSignal = new string('S', 1 << 20) }, "stop-signal", "at most 64 are allowed"),
        // Quantities: the kernel's own maxima, so that a create that passes also starts.
        ["memory int64 max"] = (s_ok with { Memory = long.MaxValue.ToString() }, "memory", "Maximum memory limit allowed is 9223372036854771712 bytes"),
        ["memory-swap int64 max"] = (s_ok with { Memory = "1g", MemorySwap = long.MaxValue.ToString() }, "memory-swap", "Maximum memoryswap limit allowed is 9223372036854771712 bytes"),
        ["pids-limit above PID_MAX_LIMIT"] = (s_ok with { PidsLimit = 4_194_305 }, "pids-limit", "pids-limit 4194305 is above 4194304, the most the kernel allows"),
        ["pids-limit int64 max"] = (s_ok with { PidsLimit = long.MaxValue }, "pids-limit", "is above 4194304"),
        ["cpu-quota above the kernel's max"] = (s_ok with { CpuQuota = 1L << 44 }, "cpu-quota", "can not be more than 17592186044415"),
        ["cpu-quota int64 max"] = (s_ok with { CpuQuota = long.MaxValue }, "cpu-quota", "can not be more than 17592186044415"),
        ["stop timeout int max"] = (s_ok with { StopTimeout = int.MaxValue }, "stop-timeout", "at most 4294967 seconds (about 49 days) are allowed; use -1 to wait forever"),
    };

    public static TheoryData<string> Cases => new(s_cases.Keys);

    private static Dictionary<string, string> Labels(int count, int valueLength) =>
        Enumerable.Range(0, count).ToDictionary(i => $"label{i}", _ => new string('v', valueLength));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_is_refused_with_field_and_message(string name)
    {
        var (request, field, message) = s_cases[name];
        var ex = Assert.Throws<ValidationException>(() => ContainerRequestValidator.Validate(request, s_host));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
        Assert.Contains(message, ex.Message);
        Assert.True(error.Message.Length < 1000, $"the message echoes the input: {error.Message.Length} characters");
    }

    [Fact]
    public void The_table_has_at_least_forty_cases() => Assert.True(s_cases.Count >= 40, $"{s_cases.Count} cases");

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var request = new CreateContainerRequest
        {
            Image = "",
            Name = "x",
            Memory = "200x",
            Cpus = "9",
            RestartPolicy = "always",
            AutoRemove = true,
            NetworkMode = "not a name",
            PidMode = "nope",
            IpcMode = "none",
            UtsMode = "container:x",
            Binds = ["./rel:/x"],
        };
        var ex = Assert.Throws<ValidationException>(() => ContainerRequestValidator.Validate(request, s_host));
        Assert.Equal(
            ["image", "name", "network", "pid", "ipc", "uts", "memory", "cpus", "restart", "volume"],
            ex.Errors.Select(e => e.Field));
    }
}
