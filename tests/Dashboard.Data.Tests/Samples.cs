using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Spec;

namespace Dashboard.Data.Tests;

/// <summary>Records with every member set to a non-default value, so a round trip that drops one is caught.</summary>
public static class Samples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);

    public static ContainerConfig FullConfig() => new()
    {
        Image = "docker.io/library/busybox:latest",
        Cmd = ["sh", "-c", "echo \"quoted\" && sleep 1"],
        Entrypoint = ["/bin/entry", "--flag"],
        Env = ["PATH=/usr/bin:/bin", "EMPTY=", "UNICODE=ünïcødé"],
        WorkingDir = "/srv/app",
        User = "1000:1000",
        Hostname = "web-1",
        Labels = new Dictionary<string, string> { ["com.example.team"] = "ops", ["empty"] = "" },
        Resources = new ResourceLimits
        {
            CpuQuota = 25_000,
            CpuPeriod = 100_000,
            NanoCpus = 250_000_000,
            CpuShares = 512,
            CpusetCpus = "0-1",
            MemoryBytes = 209_715_200,
            MemorySwapBytes = -1,
            PidsLimit = 64,
            CpusetMems = "0",
            BlkioWeight = 300,
        },
        RestartPolicy = new RestartPolicy(RestartPolicyKind.OnFailure, 3),
        NetworkMode = NetworkMode.Host,
        PidMode = NamespaceMode.Container("4f1c2d3e5a6b7c8d9e0f11223344556677889900aabbccddeeff001122334455"),
        IpcMode = NamespaceMode.Container("4f1c2d3e5a6b7c8d9e0f11223344556677889900aabbccddeeff001122334455"),
        UtsMode = NamespaceMode.Host,
        Binds = [new BindMount("/host/data", "/data", ReadOnly: true), new BindMount("/host/logs", "/logs", ReadOnly: false)],
        AutoRemove = true,
        StopTimeout = 30,
        StopSignal = "SIGQUIT",
        OpenStdin = true,
        StdinOnce = true,
        AttachStdin = true,
        Tty = true,
        ConsoleSize = new TerminalSize(40, 120),
        Security = new ContainerSecurity
        {
            Privileged = true,
            CapAdd = ["CAP_NET_ADMIN"],
            CapDrop = ["ALL"],
            ReadonlyRootfs = true,
            SecurityOpt = ["no-new-privileges", "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}"],
            NoNewPrivileges = true,
            Seccomp = "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}",
            AppArmorProfile = "unconfined",
        },
        Ulimits = [new Ulimit("nofile", 10, 20), new Ulimit("core", -1, -1)],
        Tmpfs = [new TmpfsMount("/run", "rw,size=64m"), new TmpfsMount("/tmp", "")],
        Volumes =
        [
            new VolumeMount { Name = "pgdata", Destination = "/var/lib/postgresql/data", ReadOnly = true, NoCopy = true, Origin = VolumeOrigin.Mount, Labels = new Dictionary<string, string> { ["tier"] = "db" } },
            new VolumeMount { Name = new string('a', 64), Destination = "/cache", Anonymous = true, Origin = VolumeOrigin.Image },
        ],
        Mounts =
        [
            new MountSpec { Type = MountKind.Bind, Source = "/srv/a,b", Target = "/data", ReadOnly = true, Propagation = "rslave", NonRecursive = true, CreateSource = true },
            new MountSpec { Type = MountKind.Tmpfs, Target = "/cache", TmpfsSizeBytes = 1 << 20, TmpfsMode = 0x3F8 },
        ],
        Devices = [new DeviceMapping("/dev/zero", "/dev/myzero", "rw")],
        Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" },
        ShmSizeBytes = 128L << 20,
        GroupAdd = ["audio", "10"],
        Init = true,
        OomScoreAdj = -500,
        LogLimits = new LogLimits { MaxSizeBytes = 10_000_000, MaxFiles = 5 },
        Networks = [new NetworkAttachment("backend") { NetworkId = new string('b', 64), IPv4Address = "10.92.0.5", Aliases = ["db"] }],
        PortBindings = [new PortBinding("127.0.0.1", 8080, 80, "tcp")],
        ExposedPorts = ["80/tcp", "53/udp"],
        PublishAllPorts = true,
    };

    public static ContainerState FullState() => new()
    {
        Status = ContainerStatus.Exited,
        Pid = 4242,
        ConmonPid = 4241,
        ExitCode = 137,
        OomKilled = true,
        StartedAt = T0.AddTicks(1234567),
        FinishedAt = T0.AddMinutes(5).AddTicks(7),
        RestartCount = 2,
        StoppedByUser = true,
        Error = "container killed by the OOM killer",
        Hostname = "web-host",
        Networks = [new Dashboard.Engine.Networking.ContainerEndpoint
        {
            NetworkId = new string('b', 64), NetworkName = "backend", InterfaceName = "eth0", IPAddress = "10.92.0.5",
            PrefixLength = 24, Gateway = "10.92.0.1", MacAddress = "8a:23:de:0e:35:e0", Aliases = ["db"],
        }],
        Ports = [new Dashboard.Engine.Networking.PublishedPort("127.0.0.1", 8080, 80, "tcp")],
    };

    public static ContainerRecord Container(string name, string? id = null, ContainerState? state = null) => new()
    {
        Id = id ?? Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
        Name = name,
        ImageId = "sha256:" + new string('a', 64),
        Config = FullConfig(),
        Created = T0.AddTicks(42),
        State = state ?? FullState(),
    };

    public static EngineEvent Event(DateTimeOffset time, string actor, string action = "start", string type = "container") =>
        new(0, time, type, action, actor, new Dictionary<string, string> { ["name"] = "n-" + actor, ["image"] = "busybox" });
}
