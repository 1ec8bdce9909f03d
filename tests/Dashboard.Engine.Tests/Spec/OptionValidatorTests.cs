using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Spec;

/// <summary>The create options of issue 9 point 4 at the validator: each bad value is refused with the docker flag as
/// the field and a message that says what to do; good values are normalised as moby does.</summary>
public sealed class OptionValidatorTests
{
    private static readonly HostLimits s_host = SpecInputs.OptionsHost;
    private static readonly CreateContainerRequest s_ok = new() { Image = "busybox" };

    private static ContainerConfig Validate(CreateContainerRequest request, HostLimits? host = null) =>
        ContainerRequestValidator.Validate(request, host ?? s_host);

    private static readonly Dictionary<string, (CreateContainerRequest Request, string Field, string Message)> s_cases = new()
    {
        ["cap-add unknown"] = (s_ok with { CapAdd = ["FOO"] }, "cap-add", "unknown capability: \"CAP_FOO\""),
        ["cap-drop unknown"] = (s_ok with { CapDrop = ["cap_nope"] }, "cap-drop", "unknown capability: \"CAP_NOPE\""),
        ["cap-add beyond the kernel"] = (s_ok with { CapAdd = ["CHECKPOINT_RESTORE"] }, "cap-add", "capability not supported by your kernel"),
        ["cap-drop with privileged"] = (s_ok with { Privileged = true, CapDrop = ["NET_RAW"] }, "cap-drop", "Conflicting options: --cap-drop NET_RAW and --privileged"),
        ["security-opt unknown"] = (s_ok with { SecurityOpt = ["foo=bar"] }, "security-opt", "invalid --security-opt 1: \"foo=bar\""),
        ["security-opt without value"] = (s_ok with { SecurityOpt = ["seccomp"] }, "security-opt", "needs a value"),
        ["no-new-privileges bad bool"] = (s_ok with { SecurityOpt = ["no-new-privileges=maybe"] }, "security-opt", "invalid --security-opt 2"),
        ["seccomp file name"] = (s_ok with { SecurityOpt = ["seccomp=/etc/profile.json"] }, "security-opt", "send the profile's JSON content, not a file name"),
        ["seccomp bad json"] = (s_ok with { SecurityOpt = ["seccomp={\"defaultAction\":"] }, "security-opt", "Decoding seccomp profile failed"),
        ["seccomp bad action"] = (s_ok with { SecurityOpt = ["seccomp={\"defaultAction\":\"SCMP_ACT_MAYBE\"}"] }, "security-opt", "defaultAction 'SCMP_ACT_MAYBE' is not one of"),
        ["seccomp name and names"] = (s_ok with { SecurityOpt = ["seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"name\":\"a\",\"names\":[\"b\"],\"action\":\"SCMP_ACT_ERRNO\"}]}"] }, "security-opt", "'name' and 'names' were specified"),
        ["seccomp arch and archMap"] = (s_ok with { SecurityOpt = ["seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\"],\"archMap\":[{\"architecture\":\"SCMP_ARCH_X86_64\"}]}"] }, "security-opt", "use either 'architectures' or 'archMap'"),
        ["seccomp notify"] = (s_ok with { SecurityOpt = ["seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerPath\":\"/run/x.sock\"}"] }, "security-opt", "notify listener"),
        ["seccomp profile with privileged"] = (s_ok with { Privileged = true, SecurityOpt = ["seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}"] }, "security-opt", "a privileged container runs without seccomp"),
        ["apparmor without apparmor"] = (s_ok with { SecurityOpt = ["apparmor=docker-default"] }, "security-opt", "AppArmor is not enabled on this host"),
        ["label without selinux"] = (s_ok with { SecurityOpt = ["label=type:svirt_apache_t"] }, "security-opt", "SELinux is not enabled on this host"),
        ["systempaths unconfined"] = (s_ok with { SecurityOpt = ["systempaths=unconfined"] }, "security-opt", "systempaths=unconfined is not supported yet"),
        ["ulimit unknown name"] = (s_ok with { Ulimits = ["files=10"] }, "ulimit", "invalid ulimit type: files"),
        ["ulimit no value"] = (s_ok with { Ulimits = ["nofile"] }, "ulimit", "use NAME=SOFT[:HARD]"),
        ["ulimit soft above hard"] = (s_ok with { Ulimits = ["nofile=20:10"] }, "ulimit", "ulimit soft limit must be less than or equal to hard limit: 20 > 10"),
        ["ulimit three values"] = (s_ok with { Ulimits = ["nofile=1:2:3"] }, "ulimit", "can only have up to two"),
        ["ulimit not a number"] = (s_ok with { Ulimits = ["nofile=ten"] }, "ulimit", "must be whole numbers"),
        ["ulimit above host hard"] = (s_ok with { Ulimits = ["nofile=30000:30000"] }, "ulimit", "the hard limit 30000 is above this host's hard limit of 20000 for nofile"),
        ["ulimit unlimited above host"] = (s_ok with { Ulimits = ["nofile=-1"] }, "ulimit", "the hard limit unlimited is above this host's hard limit of 20000"),
        ["ulimit nofile below what runc needs"] = (s_ok with { Ulimits = ["nofile=10:10"] }, "ulimit", "the runtime needs at least 16 open files to load the container's seccomp filter"),
        ["oom-score-adj below the daemon's"] = (s_ok with { OomScoreAdj = -1 }, "oom-score-adj", "lowering it needs CAP_SYS_RESOURCE"),
        ["ulimit twice"] = (s_ok with { Ulimits = ["nofile=100", "nofile=200"] }, "ulimit", "--ulimit nofile is given twice"),
        ["tmpfs relative"] = (s_ok with { Tmpfs = ["run"] }, "tmpfs", "must be absolute"),
        ["tmpfs root"] = (s_ok with { Tmpfs = ["/"] }, "tmpfs", "the destination can't be '/'"),
        ["tmpfs bad option"] = (s_ok with { Tmpfs = ["/run:bogus"] }, "tmpfs", "invalid tmpfs option 'bogus'"),
        ["tmpfs bad size"] = (s_ok with { Tmpfs = ["/run:size=lots"] }, "tmpfs", "size takes bytes"),
        ["tmpfs bad mode"] = (s_ok with { Tmpfs = ["/run:mode=999"] }, "tmpfs", "mode is octal"),
        ["tmpfs into proc"] = (s_ok with { Tmpfs = ["/proc/x"] }, "tmpfs", "mounts into /proc are not allowed"),
        ["mount volume-opt"] = (s_ok with { Mounts = ["type=volume,source=data,target=/data,volume-opt=o=x"] }, "mount", "volume-opt is not supported"),
        ["mount volume driver"] = (s_ok with { Mounts = ["type=volume,source=data,target=/data,volume-driver=nfs"] }, "mount", "volume driver 'nfs' is not available"),
        ["mount volume-nocopy on bind"] = (s_ok with { Mounts = ["type=bind,source=/srv,target=/data,volume-nocopy"] }, "mount", "cannot mix 'volume-*' options with mount type 'bind'"),
        ["mount without type is a volume"] = (s_ok with { Mounts = ["source=./data,target=/data"] }, "mount", "includes invalid characters for a local volume name"),
        ["mount npipe"] = (s_ok with { Mounts = ["type=npipe,source=x,target=/x"] }, "mount", "mount type 'npipe' is not supported"),
        ["mount without target"] = (s_ok with { Mounts = ["type=tmpfs"] }, "mount", "target is required"),
        ["mount relative target"] = (s_ok with { Mounts = ["type=tmpfs,target=data"] }, "mount", "mount path must be absolute"),
        ["mount root target"] = (s_ok with { Mounts = ["type=bind,source=/srv,target=/"] }, "mount", "the destination can't be '/'"),
        ["mount bind without source"] = (s_ok with { Mounts = ["type=bind,target=/data"] }, "mount", "field Source must not be empty"),
        ["mount bind relative source"] = (s_ok with { Mounts = ["type=bind,source=srv,target=/data"] }, "mount", "'srv' mount path must be absolute"),
        ["mount tmpfs with source"] = (s_ok with { Mounts = ["type=tmpfs,source=/srv,target=/data"] }, "mount", "field Source must not be specified"),
        ["mount bad propagation"] = (s_ok with { Mounts = ["type=bind,source=/srv,target=/data,bind-propagation=up"] }, "mount", "invalid propagation mode: up"),
        ["mount bind options on tmpfs"] = (s_ok with { Mounts = ["type=tmpfs,target=/data,bind-propagation=rslave"] }, "mount", "cannot mix 'bind-*' options with mount type 'tmpfs'"),
        ["mount tmpfs options on bind"] = (s_ok with { Mounts = ["type=bind,source=/srv,target=/data,tmpfs-size=1m"] }, "mount", "cannot mix 'tmpfs-*' options with mount type 'bind'"),
        ["mount bad tmpfs size"] = (s_ok with { Mounts = ["type=tmpfs,target=/data,tmpfs-size=big"] }, "mount", "invalid value for tmpfs-size: big"),
        ["mount bad tmpfs mode"] = (s_ok with { Mounts = ["type=tmpfs,target=/data,tmpfs-mode=9"] }, "mount", "invalid value for tmpfs-mode: 9"),
        ["mount unknown key"] = (s_ok with { Mounts = ["type=tmpfs,target=/data,colour=red"] }, "mount", "unexpected key 'colour'"),
        ["mount bad readonly"] = (s_ok with { Mounts = ["type=tmpfs,target=/data,readonly=perhaps"] }, "mount", "invalid value for readonly: perhaps"),
        ["mount recursive readonly"] = (s_ok with { Mounts = ["type=bind,source=/srv,target=/data,readonly,bind-recursive=readonly"] }, "mount", "bind-recursive=readonly (recursively read-only submounts) is not supported yet"),
        ["mount unclosed quote"] = (s_ok with { Mounts = ["type=bind,\"source=/a,b"] }, "mount", "a quoted field is not closed"),
        ["mount duplicate of a bind"] = (s_ok with { Binds = ["/srv:/data"], Mounts = ["type=tmpfs,target=/data"] }, "mount", "Duplicate mount point: /data"),
        ["tmpfs duplicate of a mount"] = (s_ok with { Mounts = ["type=tmpfs,target=/run"], Tmpfs = ["/run"] }, "tmpfs", "Duplicate mount point: /run"),
        ["device relative"] = (s_ok with { Devices = ["dev/zero"] }, "device", "the host path must be absolute"),
        ["device cdi"] = (s_ok with { Devices = ["vendor.com/gpu=all"] }, "device", "CDI device names are not supported"),
        ["device bad mode"] = (s_ok with { Devices = ["/dev/zero:/dev/z:rwx"] }, "device", "invalid device mode: rwx"),
        ["device relative destination"] = (s_ok with { Devices = ["/dev/zero:z"] }, "device", "the container path 'z' must be absolute"),
        ["device too many parts"] = (s_ok with { Devices = ["/dev/zero:/dev/z:rw:x"] }, "device", "invalid device specification"),
        ["device twice"] = (s_ok with { Devices = ["/dev/zero:/dev/z", "/dev/null:/dev/z"] }, "device", "/dev/z is given twice"),
        ["device permissions with privileged"] = (s_ok with { Privileged = true, Devices = ["/dev/zero:/dev/z:r"] }, "device", "have no effect with --privileged"),
        ["sysctl not namespaced"] = (s_ok with { Sysctls = new Dictionary<string, string> { ["kernel.panic"] = "1" } }, "sysctl", "sysctl 'kernel.panic=1' is not allowed"),
        ["sysctl vm"] = (s_ok with { Sysctls = new Dictionary<string, string> { ["vm.swappiness"] = "1" } }, "sysctl", "it would change the whole host"),
        ["sysctl net with host network"] = (s_ok with { NetworkMode = "host", Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" } }, "sysctl", "needs a network namespace of the container's own: with --network host"),
        ["sysctl net with container network"] = (s_ok with { NetworkMode = "container:web", Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1" } }, "sysctl", "with --network container:web it would change container web's"),
        ["sysctl ipc with host ipc"] = (s_ok with { IpcMode = "host", Sysctls = new Dictionary<string, string> { ["kernel.shmmax"] = "1" } }, "sysctl", "needs an IPC namespace of the container's own: with --ipc host"),
        ["sysctl mqueue with container ipc"] = (s_ok with { IpcMode = "container:db", Sysctls = new Dictionary<string, string> { ["fs.mqueue.msg_max"] = "20" } }, "sysctl", "with --ipc container:db"),
        ["sysctl slashes"] = (s_ok with { Sysctls = new Dictionary<string, string> { ["net/ipv4/ip_forward"] = "1" } }, "sysctl", "use a dotted name"),
        ["sysctl newline"] = (s_ok with { Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1\n0" } }, "sysctl", "cannot contain a newline"),
        ["shm-size bad"] = (s_ok with { ShmSize = "lots" }, "shm-size", "invalid size: 'lots'"),
        ["shm-size tiny"] = (s_ok with { ShmSize = "100" }, "shm-size", "below one page"),
        ["shm-size with host ipc"] = (s_ok with { ShmSize = "128m", IpcMode = "host" }, "shm-size", "Conflicting options: --shm-size and --ipc host"),
        ["shm-size with container ipc"] = (s_ok with { ShmSize = "128m", IpcMode = "container:db" }, "shm-size", "size it there"),
        ["group-add bad name"] = (s_ok with { GroupAdd = ["a b"] }, "group-add", "give a group name from the image's /etc/group or a numeric id"),
        ["group-add huge id"] = (s_ok with { GroupAdd = ["4294967295"] }, "group-add", "above the maximum"),
        ["init with host pid"] = (s_ok with { Init = true, PidMode = "host" }, "init", "Conflicting options: --init and --pid host"),
        ["init with container pid"] = (s_ok with { Init = true, PidMode = "container:web" }, "init", "Conflicting options: --init and --pid container:web"),
        ["oom-score-adj too low"] = (s_ok with { OomScoreAdj = -1001 }, "oom-score-adj", "Invalid value -1001, range for oom score adj is [-1000, 1000]"),
        ["oom-score-adj too high"] = (s_ok with { OomScoreAdj = 1001 }, "oom-score-adj", "range for oom score adj is [-1000, 1000]"),
        ["cpuset-mems syntax"] = (s_ok with { CpusetMems = "0-x" }, "cpuset-mems", "Invalid value 0-x for cpuset mems"),
        ["cpuset-mems beyond host"] = (s_ok with { CpusetMems = "2" }, "cpuset-mems", "Requested memory nodes are not available - requested 2, available: 0-1"),
        ["blkio-weight too low"] = (s_ok with { BlkioWeight = 5 }, "blkio-weight", "Range of blkio weight is from 10 to 1000"),
        ["blkio-weight too high"] = (s_ok with { BlkioWeight = 1001 }, "blkio-weight", "Range of blkio weight is from 10 to 1000"),
    };

    public static TheoryData<string> Cases => new(s_cases.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_option_is_refused_with_its_flag_and_an_actionable_message(string name)
    {
        var (request, field, message) = s_cases[name];
        var host = name switch
        {
            "cap-add beyond the kernel" => s_host with { Capabilities = CapabilityNames.All.Take(38).ToArray() },
            "oom-score-adj below the daemon's" => s_host with { MinOomScoreAdj = 0 },
            _ => s_host,
        };
        var ex = Assert.Throws<ValidationException>(() => Validate(request, host));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Null_entries_from_json_are_refused_by_their_flag_never_a_crash()
    {
        var ex = Assert.Throws<ValidationException>(() => Validate(s_ok with
        {
            CapAdd = [null!], SecurityOpt = [null!], Ulimits = [null!], Tmpfs = [null!], Mounts = [null!], Devices = [null!], GroupAdd = [null!],
        }));
        Assert.Equal(new HashSet<string> { "cap-add", "security-opt", "ulimit", "tmpfs", "mount", "device", "group-add" },
            ex.Errors.Select(e => e.Field).ToHashSet());
        Assert.Equal("", Validate(s_ok with { Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = null! } }).Sysctls["net.ipv4.ip_forward"]);
    }

    [Fact]
    public void Blkio_weight_is_refused_where_the_kernel_has_no_weight_file()
    {
        var ex = Assert.Throws<ValidationException>(() => Validate(s_ok with { BlkioWeight = 300 }, s_host with { BlkioWeightSupported = false }));
        Assert.Equal("blkio-weight", Assert.Single(ex.Errors).Field);
        Assert.Contains("--blkio-weight is not supported on this host", ex.Message);
    }

    [Fact]
    public void Init_is_refused_without_tini_on_the_host()
    {
        var ex = Assert.Throws<ValidationException>(() => Validate(s_ok with { Init = true }, s_host with { InitPath = null }));
        Assert.Contains("--init needs tini on the host", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void Capabilities_are_normalised_as_moby_does()
    {
        var security = Validate(s_ok with { CapAdd = ["net_admin", "CAP_SYS_PTRACE", "NET_ADMIN"], CapDrop = ["all"] }).Security;
        Assert.Equal(["CAP_NET_ADMIN", "CAP_SYS_PTRACE"], security.CapAdd);
        Assert.Equal(["ALL"], security.CapDrop);
    }

    [Theory]
    [InlineData("no-new-privileges", true)]
    [InlineData("no-new-privileges=true", true)]
    [InlineData("no-new-privileges:true", true)]
    [InlineData("no-new-privileges=false", false)]
    [InlineData("no-new-privileges=0", false)]
    public void No_new_privileges_takes_dockers_spellings(string option, bool expected) =>
        Assert.Equal(expected, Validate(s_ok with { SecurityOpt = [option] }).Security.NoNewPrivileges);

    [Theory]
    [InlineData("seccomp=unconfined", ContainerSecurity.Unconfined)]
    [InlineData("seccomp:unconfined", ContainerSecurity.Unconfined)]
    [InlineData("seccomp=builtin", null)]
    [InlineData("seccomp={}", ContainerSecurity.Unconfined)] // Docker: no default action and no rules is no filter
    public void Seccomp_modes(string option, string? expected) =>
        Assert.Equal(expected, Validate(s_ok with { SecurityOpt = [option] }).Security.Seccomp);

    [Fact]
    public void A_seccomp_profile_is_kept_as_given_and_the_options_for_inspect()
    {
        const string profile = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ERRNO\"}]}";
        var security = Validate(s_ok with { SecurityOpt = ["seccomp=" + profile, "no-new-privileges"] }).Security;
        Assert.Equal(profile, security.Seccomp);
        Assert.Equal(["seccomp=" + profile, "no-new-privileges"], security.SecurityOpt);
    }

    [Fact]
    public void Apparmor_unconfined_and_label_disable_hold_without_those_modules()
    {
        var security = Validate(s_ok with { SecurityOpt = ["apparmor=unconfined", "label=disable"] }).Security;
        Assert.Equal("unconfined", security.AppArmorProfile);
        Assert.Equal("docker-default", Validate(s_ok with { SecurityOpt = ["apparmor=docker-default"] }, s_host with { AppArmorEnabled = true }).Security.AppArmorProfile);
    }

    [Fact]
    public void Ulimits_up_to_the_host_and_unlimited_where_the_host_is()
    {
        var ulimits = Validate(s_ok with { Ulimits = ["nofile=16:20000", "core=-1", "nproc=100"] }).Ulimits;
        Assert.Equal([new Ulimit("nofile", 16, 20_000), new Ulimit("core", -1, -1), new Ulimit("nproc", 100, 100)], ulimits);
        // Without a seccomp filter to load, any number of open files works.
        Assert.Equal(10, Validate(s_ok with { Ulimits = ["nofile=10"], SecurityOpt = ["seccomp=unconfined"] }).Ulimits[0].Soft);
    }

    [Fact]
    public void Mounts_tmpfs_devices_and_sysctls_are_parsed()
    {
        var config = Validate(s_ok with
        {
            Mounts = ["type=bind,src=/srv/data/,dst=/data,ro=true,bind-propagation=rslave", "type=tmpfs,destination=/cache,tmpfs-size=1m,tmpfs-mode=1770", "\"type=bind\",\"source=/srv/a,b\",target=/ab,bind-recursive=disabled"],
            Tmpfs = ["/run:rw,size=64m", "/tmp"],
            Devices = ["/dev/zero:/dev/myzero", "/dev/null:r", "/dev/full"],
            Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1", ["kernel.shmmax"] = "1000000", ["fs.mqueue.msg_max"] = "20" },
        });
        Assert.Equal(new MountSpec { Type = MountKind.Bind, Source = "/srv/data", Target = "/data", ReadOnly = true, Propagation = "rslave" }, config.Mounts[0]);
        Assert.Equal((1L << 20, 0x3F8U), (config.Mounts[1].TmpfsSizeBytes!.Value, config.Mounts[1].TmpfsMode!.Value));
        Assert.Equal(("/srv/a,b", true), (config.Mounts[2].Source, config.Mounts[2].NonRecursive));
        Assert.Equal([new TmpfsMount("/run", "rw,size=64m"), new TmpfsMount("/tmp", "")], config.Tmpfs);
        Assert.Equal([new DeviceMapping("/dev/zero", "/dev/myzero", "rwm"), new DeviceMapping("/dev/null", "/dev/null", "r"), new DeviceMapping("/dev/full", "/dev/full", "rwm")], config.Devices);
        Assert.Equal(["fs.mqueue.msg_max", "kernel.shmmax", "net.ipv4.ip_forward"], config.Sysctls.Keys);
    }

    [Fact]
    public void Process_options_and_resources()
    {
        var config = Validate(s_ok with { ShmSize = "128m", GroupAdd = ["audio", "10", "audio"], Init = true, OomScoreAdj = -500, CpusetMems = "0-1", BlkioWeight = 300 });
        Assert.Equal(128L << 20, config.ShmSizeBytes);
        Assert.Equal(["audio", "10"], config.GroupAdd);
        Assert.True(config.Init);
        Assert.Equal(-500, config.OomScoreAdj);
        Assert.Equal("0-1", config.Resources.CpusetMems);
        Assert.Equal(300, config.Resources.BlkioWeight);
        Assert.Null(Validate(s_ok).Init); // not given: null, as Docker reports it
        Assert.False(Validate(s_ok with { Init = false }).Init);
    }

    [Theory]
    [InlineData(null, 4096L)]   // not asked: the engine's default
    [InlineData(100L, 100L)]
    [InlineData(-1L, null)]     // Docker's "unlimited"
    [InlineData(0L, null)]      // also unlimited when sent explicitly (the native API; the Docker API maps 0 to "not given")
    public void Default_pids_limit_applies_only_when_none_is_asked(long? asked, long? expected) =>
        Assert.Equal(expected, Validate(s_ok with { PidsLimit = asked }, s_host with { DefaultPidsLimit = 4096 }).Resources.PidsLimit);

    [Fact]
    public void Default_pids_limit_zero_means_none() =>
        Assert.Null(Validate(s_ok, s_host with { DefaultPidsLimit = 0 }).Resources.PidsLimit);

    [Fact]
    public void A_limits_update_keeps_an_unlimited_container_unlimited_and_its_other_limits()
    {
        var config = Validate(s_ok with { PidsLimit = -1, CpusetMems = "1", BlkioWeight = 200 }, s_host with { DefaultPidsLimit = 4096 });
        var limits = ContainerRequestValidator.ValidateLimits(new Dashboard.Engine.Containers.LimitsUpdate { Memory = "64m" }.MergeInto(config), s_host with { DefaultPidsLimit = 4096 });
        Assert.Null(limits.PidsLimit);
        Assert.Equal("1", limits.CpusetMems);
        Assert.Equal(200, limits.BlkioWeight);
    }
}
