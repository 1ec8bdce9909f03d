using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Spec;

/// <summary>Fixed inputs for the generator tests and the golden files.</summary>
internal static class SpecInputs
{
    public const string Id = "4f1c2d3e5a6b7c8d9e0f11223344556677889900aabbccddeeff001122334455";
    public static readonly HostLimits Host = new(CpuCount: 2, MemoryBytes: 4L << 30);

    public static readonly ImageConfig Busybox = new()
    {
        Cmd = ["sh"],
        Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    };

    /// <summary>A host with everything the create options can use: tini, a blkio weight file, two NUMA nodes,
    /// this machine's 20000 open files (hard), and AppArmor only where a test says so.</summary>
    public static readonly HostLimits OptionsHost = Host with
    {
        InitPath = "/usr/bin/tini-static",
        BlkioWeightSupported = true,
        MemoryNodes = "0-1",
        HardRlimits = new Dictionary<string, ulong?> { ["nofile"] = 20_000, ["nproc"] = 96_370, ["core"] = null },
    };

    public static OciSpecInput For(CreateContainerRequest request, ImageConfig? image = null, HostLimits? host = null) => new()
    {
        ContainerId = Id,
        Config = ContainerRequestValidator.Validate(request, host ?? Host),
        Image = image ?? Busybox,
        RootfsPath = $"/var/lib/dashboard/overlay/{Id}/merged",
        CgroupsPath = $"/dashboard/{Id}",
        EtcFiles = new Dictionary<string, string>
        {
            ["/etc/resolv.conf"] = $"/run/dashboard/containers/{Id}/resolv.conf",
            ["/etc/hostname"] = $"/run/dashboard/containers/{Id}/hostname",
            ["/etc/hosts"] = $"/run/dashboard/containers/{Id}/hosts",
        },
        HostNofileHardLimit = 20_000,
    };

    public static OciSpecInput DefaultBusybox => For(new() { Image = "busybox" });

    public static OciSpecInput LimitsBindsEnvUser => For(new()
    {
        Image = "busybox",
        Entrypoint = ["/bin/sh", "-c"],
        Cmd = ["exec sleep 1000"],
        Env = ["APP_MODE=production", "PATH=/app/bin:/bin", "GREETING=hello world"],
        WorkingDir = "/app",
        User = "1000:1000",
        Hostname = "worker-1",
        Cpus = "0.25",
        CpuShares = 512,
        CpusetCpus = "0",
        Memory = "200m",
        MemorySwap = "300m",
        PidsLimit = 100,
        Binds = ["/srv/app/data:/app/data", "/srv/app/config:/app/config:ro", "/srv/app:/app"],
    }) with
    {
        HostNprocHardLimit = 4096,
    };

    public static OciSpecInput NetworkHost => For(new() { Image = "busybox", NetworkMode = "host", Cmd = ["sleep", "60"] });

    /// <summary>The container whose namespaces the "container:" cases join, and its init's host pid.</summary>
    public const string TargetId = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    public const int TargetPid = 4242;
    public const string OwnShm = $"/var/lib/dashboard/containers/{Id}/shm";
    public const string TargetShm = $"/var/lib/dashboard/containers/{TargetId}/shm";

    private static OciSpecInput Sleeper(CreateContainerRequest request, NamespaceJoins joins) =>
        For(request with { Image = "busybox", Cmd = ["sleep", "60"] }) with { Joins = joins };

    /// <summary>What the engine gives a default container: its own IPC namespace with a /dev/shm that lives on the host.</summary>
    public static OciSpecInput ShmOnHost => Sleeper(new(), new() { ShmSource = OwnShm });

    public static OciSpecInput NetworkContainer => Sleeper(new() { NetworkMode = "container:" + TargetId },
        new() { NetworkTargetPid = TargetPid, NetworkTargetHostname = "web", ShmSource = OwnShm });

    public static OciSpecInput PidHost => Sleeper(new() { PidMode = "host" }, new() { ShmSource = OwnShm });

    public static OciSpecInput PidContainer => Sleeper(new() { PidMode = "container:" + TargetId },
        new() { PidTargetPid = TargetPid, ShmSource = OwnShm });

    public static OciSpecInput IpcHost => Sleeper(new() { IpcMode = "host" }, new() { ShmSource = "/dev/shm" });

    public static OciSpecInput IpcContainer => Sleeper(new() { IpcMode = "container:" + TargetId },
        new() { IpcTargetPid = TargetPid, ShmSource = TargetShm });

    public static OciSpecInput UtsHost => Sleeper(new() { UtsMode = "host" }, new() { ShmSource = OwnShm });

    // The create options of issue 9 point 4.

    public static OciSpecInput CapsReadonlyInit => For(new()
    {
        Image = "busybox",
        Cmd = ["sleep", "60"],
        CapDrop = ["ALL"],
        CapAdd = ["net_bind_service", "CAP_CHOWN"],
        ReadonlyRootfs = true,
        SecurityOpt = ["no-new-privileges=false"],
        OomScoreAdj = 500,
        Ulimits = ["nofile=16:16", "core=0"],
        Init = true,
    }, host: OptionsHost) with { InitPath = "/usr/bin/tini-static", HostNprocHardLimit = 96_370 };

    public static readonly IReadOnlyList<ResolvedDevice> FakeHostDevices =
    [
        new("/dev/kmsg", "c", 1, 11, 0x1a4, 0, 0, "rwm"),
        new("/dev/loop0", "b", 7, 0, 0x1b0, 0, 6, "rwm"),
        new("/dev/null", "c", 1, 3, 0x1b6, 0, 0, "rwm"),
    ];

    public static OciSpecInput Privileged => For(new()
    {
        Image = "busybox",
        Cmd = ["sleep", "60"],
        Privileged = true,
        Devices = ["/dev/zero:/dev/myzero"],
    }, host: OptionsHost) with
    {
        HostDevices = FakeHostDevices,
        Devices = [new("/dev/myzero", "c", 1, 5, 0x1b6, 0, 0, "rwm")],
        Joins = new() { ShmSource = OwnShm },
    };

    public static OciSpecInput MountsDevicesSysctls => For(new()
    {
        Image = "busybox",
        Cmd = ["sleep", "60"],
        Binds = ["/srv/app:/app"],
        Mounts = ["type=bind,source=/srv/data,target=/data,readonly,bind-propagation=rslave", "type=tmpfs,target=/app/cache,tmpfs-size=1m,tmpfs-mode=1770"],
        Tmpfs = ["/run:exec,size=64m", "/tmp"],
        Devices = ["/dev/zero:/dev/myzero:rw"],
        Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1", ["kernel.shmmax"] = "1000000" },
        ShmSize = "128m",
        GroupAdd = ["audio", "1234"],
        CpusetMems = "0-1",
        BlkioWeight = 300,
        PidsLimit = null,
    }, host: OptionsHost with { DefaultPidsLimit = 4096 }) with
    {
        Devices = [new("/dev/myzero", "c", 1, 5, 0x1b6, 0, 0, "rw")],
        ExtraGids = [29, 1234],
    };

    public const string SeccompProfileJson = """
        {"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,
         "archMap":[{"architecture":"SCMP_ARCH_X86_64","subArchitectures":["SCMP_ARCH_X86","SCMP_ARCH_X32"]},
                    {"architecture":"SCMP_ARCH_AARCH64","subArchitectures":["SCMP_ARCH_ARM"]}],
         "syscalls":[
           {"names":["read","write","exit_group"],"action":"SCMP_ACT_ALLOW"},
           {"name":"personality","action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]},
           {"names":["mount"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_ADMIN"]}},
           {"names":["clone3"],"action":"SCMP_ACT_ERRNO","errnoRet":38,"excludes":{"caps":["CAP_SYS_ADMIN"]}},
           {"names":["arch_prctl"],"action":"SCMP_ACT_ALLOW","includes":{"arches":["amd64"]}},
           {"names":["set_tls"],"action":"SCMP_ACT_ALLOW","includes":{"arches":["arm64"]}},
           {"names":["futex_waitv"],"action":"SCMP_ACT_ALLOW","includes":{"minKernel":"5.16"}},
           {"names":["mkdir"],"action":"SCMP_ACT_LOG","excludes":{"minKernel":"99.0"}}
         ]}
        """;

    public static OciSpecInput SeccompCustom => For(new()
    {
        Image = "busybox",
        Cmd = ["sleep", "60"],
        SecurityOpt = ["seccomp=" + SeccompProfileJson],
    }, host: OptionsHost) with { KernelVersion = new Version(6, 1) };
}
