namespace Dashboard.Engine.Configuration;

/// <summary>The "Engine" configuration section.</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>Persistent state: the SQLite file, image layers, container writable layers and bundles.</summary>
    public string DataRoot { get; set; } = "/var/lib/dashboard";

    /// <summary>Volatile state (tmpfs): runtime state dir, conmon pid/exit files, the API socket.</summary>
    public string RunRoot { get; set; } = "/run/dashboard";

    /// <summary>"runc", "crun", an absolute path, or empty for the first that works on this host.</summary>
    public string? Runtime { get; set; }

    /// <summary>Path of conmon; empty means search PATH and the usual libexec locations.</summary>
    public string? Conmon { get; set; }

    /// <summary>Parent cgroup (relative to each hierarchy root) under which every container's cgroup is made.</summary>
    public string CgroupParent { get; set; } = "dashboard";

    /// <summary>Seconds between the stop signal and SIGKILL when neither the request nor the container says.</summary>
    public int DefaultStopTimeoutSeconds { get; set; } = 10;

    /// <summary>Where the built-in busybox image comes from.</summary>
    public string BusyboxPath { get; set; } = "/bin/busybox";

    /// <summary>Let containers make 32-bit (x86, x32, arm) system calls, as Docker's seccomp profile does. Off by
    /// default: each extra ABI makes every container start slower (runc compiles the filter per start).</summary>
    public bool SeccompCompatArchitectures { get; set; }

    /// <summary>The pids limit a new container gets when it asks for none; 0 means none (Docker's behaviour, which lets
    /// one container's fork bomb take every PID of the host). --pids-limit -1 (or 0 at the native API) asks for none.</summary>
    public long DefaultPidsLimit { get; set; } = 4096;

    /// <summary>The init binary --init mounts at /sbin/docker-init; empty searches tini-static and docker-init.
    /// It must be statically linked: it runs inside any image.</summary>
    public string? InitPath { get; set; }

    /// <summary>Time between stats samples ("00:00:01"); at least 250 ms.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Minutes of full-resolution stats kept in memory per container.</summary>
    public int StatsRingMinutes { get; set; } = 15;

    /// <summary>Days of per-minute stats rollups kept in SQLite.</summary>
    public int StatsRollupDays { get; set; } = 7;

    /// <summary>Largest archive an import or load may upload (spooled under DataRoot), and the largest a
    /// gzip-compressed load archive may expand to. A size like "32GiB"; "0" means no limit.</summary>
    public string ImageMaxUploadSize { get; set; } = "32GiB";

    /// <summary>Largest uncompressed size of the layers one image adds to the store ("0": no limit).</summary>
    public string ImageMaxUnpackedSize { get; set; } = "32GiB";

    /// <summary>Most files, directories and links one image's layers may hold (0: no limit).</summary>
    public int ImageMaxEntries { get; set; } = 1_000_000;

    /// <summary>Free space an import or load leaves on the DataRoot file system ("0": none); checked as it writes.</summary>
    public string ImageFreeSpaceReserve { get; set; } = "2GiB";

    /// <summary>Largest log file of a container before conmon starts a new one ("10MiB"); "0" or empty: one file
    /// without a limit. A container's --log-opt max-size overrides it.</summary>
    public string? LogMaxSize { get; set; } = "10MiB";

    /// <summary>Log files kept per container, the one being written included (Docker's max-file).</summary>
    public int LogMaxFiles { get; set; } = 3;

    /// <summary>Path of netavark; empty searches podman's libexec directories (Debian: /usr/lib/podman) and PATH.
    /// Without netavark and aardvark-dns containers get --network none.</summary>
    public string? Netavark { get; set; }

    /// <summary>Path of aardvark-dns; empty searches as for netavark.</summary>
    public string? AardvarkDns { get; set; }

    /// <summary>The host bridge device of the default network <c>bridge</c> (our own name: a docker0 or podman0 on
    /// the same host is never touched). At most 15 characters.</summary>
    public string NetworkBridgeName { get; set; } = "dash0";

    /// <summary>Where subnets of networks created without --subnet (the default one included) come from: the first
    /// /24 that collides with no host route and no other network.</summary>
    public string NetworkSubnetPool { get; set; } = "10.91.0.0/16";

    /// <summary>The default network's subnet when it is first created; empty picks one from NetworkSubnetPool.</summary>
    public string? NetworkDefaultSubnet { get; set; }

    /// <summary>Registries: docker.io mirrors, insecure registries, extra CA certificates (Engine:Registry).</summary>
    public Registry.RegistryOptions Registry { get; set; } = new();

    public string DatabasePath => Path.Combine(DataRoot, "dashboard.db");

    public static readonly TimeSpan MinimumStatsInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Checks the stats settings; throws <see cref="ValidationException"/> naming the setting and the fix.</summary>
    public void ValidateStats()
    {
        var errors = new List<FieldError>();
        if (StatsInterval < MinimumStatsInterval || StatsInterval > TimeSpan.FromMinutes(1))
            errors.Add(new FieldError("Engine:StatsInterval",
                $"Engine:StatsInterval is {StatsInterval}; it must be between 00:00:00.250 and 00:01:00 (hh:mm:ss, e.g. \"00:00:01\" for one second)."));
        if (StatsRingMinutes is < 1 or > 24 * 60)
            errors.Add(new FieldError("Engine:StatsRingMinutes", $"Engine:StatsRingMinutes is {StatsRingMinutes}; it must be between 1 and 1440."));
        if (StatsRollupDays is < 1 or > 3650)
            errors.Add(new FieldError("Engine:StatsRollupDays", $"Engine:StatsRollupDays is {StatsRollupDays}; it must be between 1 and 3650."));
        if (errors.Count > 0) throw new ValidationException(errors);
    }
}
