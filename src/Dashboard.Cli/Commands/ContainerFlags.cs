using System.CommandLine;
using Dashboard.Contracts.Containers;

namespace Dashboard.Cli.Commands;

/// <summary>The docker run / docker create flags, turned into a <see cref="CreateContainerDto"/>. Quantities are
/// passed through as typed: the daemon validates them and explains what is wrong.</summary>
public sealed class ContainerFlags
{
    public Option<string?> Name { get; } = new("--name") { Description = "Assign a name to the container" };
    public Option<string[]> Env { get; } = Many("--env", "-e", "Set environment variables (KEY=VALUE, or KEY to copy it from here)");
    public Option<string?> Workdir { get; } = new("--workdir", "-w") { Description = "Working directory inside the container" };
    public Option<string?> User { get; } = new("--user", "-u") { Description = "Username or UID (format: <name|uid>[:<group|gid>])" };
    public Option<string?> Hostname { get; } = new("--hostname", "-h") { Description = "Container host name" };
    public Option<string[]> Label { get; } = Many("--label", "-l", "Set metadata on a container (KEY=VALUE)");
    public Option<string?> Cpus { get; } = new("--cpus") { Description = "Number of CPUs, e.g. 0.25" };
    public Option<long?> CpuShares { get; } = new("--cpu-shares", "-c") { Description = "CPU shares (relative weight)" };
    public Option<string?> CpusetCpus { get; } = new("--cpuset-cpus") { Description = "CPUs in which to allow execution (0-3, 0,1)" };
    public Option<long?> CpuPeriod { get; } = new("--cpu-period") { Description = "Limit CPU CFS period" };
    public Option<long?> CpuQuota { get; } = new("--cpu-quota") { Description = "Limit CPU CFS quota" };
    public Option<string?> Memory { get; } = new("--memory", "-m") { Description = "Memory limit, e.g. 200m" };
    public Option<string?> MemorySwap { get; } = new("--memory-swap") { Description = "Memory plus swap limit; -1 for unlimited swap" };
    public Option<long?> PidsLimit { get; } = new("--pids-limit") { Description = "Tune container pids limit (-1 for unlimited)" };
    public Option<string?> Restart { get; } = new("--restart") { Description = "Restart policy: no, on-failure[:N], always, unless-stopped" };
    public Option<string?> Network { get; } = new("--network", "--net") { Description = "Connect to a network: bridge (default), a user network's name, none (loopback only), host, or container:NAME to share another container's" };
    public Option<string[]> NetworkAlias { get; } = Many("--network-alias", null, "Add network-scoped alias for the container (a user network's DNS name)");
    public Option<string?> Ip { get; } = new("--ip") { Description = "IPv4 address on the network (e.g., 10.89.0.10)" };
    public Option<string[]> Publish { get; } = Many("--publish", "-p", "Publish a container's port to the host ([HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL])");
    public Option<bool> PublishAll { get; } = new("--publish-all", "-P") { Description = "Publish all exposed ports to random host ports" };
    public Option<string[]> Expose { get; } = Many("--expose", null, "Expose a port (PORT[/PROTOCOL]) without publishing it (-P publishes it)");
    public Option<string?> Pid { get; } = new("--pid") { Description = "PID namespace: host, or container:NAME to share another container's (default: its own)" };
    public Option<string?> Ipc { get; } = new("--ipc") { Description = "IPC namespace and /dev/shm: private (default), shareable, host, or container:NAME" };
    public Option<string?> Uts { get; } = new("--uts") { Description = "UTS namespace (hostname): host, or leave out for its own" };
    public Option<string[]> Volume { get; } = Many("--volume", "-v", "Bind mount a volume (/host/path:/container/path[:ro])");
    public Option<bool> Rm { get; } = new("--rm") { Description = "Automatically remove the container when it exits" };
    public Option<bool> Interactive { get; } = new("--interactive", "-i") { Description = "Keep STDIN open: attached, dashctl's own stdin is sent to it" };
    public Option<string?> Entrypoint { get; } = new("--entrypoint") { Description = "Overwrite the default ENTRYPOINT of the image" };
    public Option<int?> StopTimeout { get; } = new("--stop-timeout") { Description = "Timeout (in seconds) to stop a container" };
    public Option<string?> StopSignal { get; } = new("--stop-signal") { Description = "Signal to stop the container" };
    public Option<bool> Privileged { get; } = new("--privileged") { Description = "Give extended privileges to this container (admins only over TCP)" };
    public Option<string[]> CapAdd { get; } = Many("--cap-add", null, "Add Linux capabilities (NET_ADMIN, ALL, ...)");
    public Option<string[]> CapDrop { get; } = Many("--cap-drop", null, "Drop Linux capabilities (NET_RAW, ALL, ...)");
    public Option<bool> ReadOnly { get; } = new("--read-only") { Description = "Mount the container's root filesystem as read only" };
    public Option<string[]> SecurityOpt { get; } = Many("--security-opt", null, "Security options: no-new-privileges[=false], seccomp=unconfined|FILE, apparmor=PROFILE, label=disable");
    public Option<string[]> Ulimit { get; } = Many("--ulimit", null, "Ulimit options (nofile=1024:2048)");
    public Option<string[]> Tmpfs { get; } = Many("--tmpfs", null, "Mount a tmpfs directory (/run:size=64m)");
    public Option<string[]> Mount { get; } = Many("--mount", null, "Attach a filesystem mount (type=bind,source=/srv,target=/data,readonly or type=tmpfs,target=/cache)");
    public Option<string[]> Device { get; } = Many("--device", null, "Add a host device to the container (/dev/fuse, /dev/zero:/dev/myzero:rw)");
    public Option<string[]> Sysctl { get; } = Many("--sysctl", null, "Sysctl options (net.ipv4.ip_forward=1)");
    public Option<string?> ShmSize { get; } = new("--shm-size") { Description = "Size of /dev/shm, e.g. 128m" };
    public Option<string[]> GroupAdd { get; } = Many("--group-add", null, "Add additional groups to join");
    public Option<bool> Init { get; } = new("--init") { Description = "Run an init inside the container that forwards signals and reaps processes" };
    public Option<int?> OomScoreAdj { get; } = new("--oom-score-adj") { Description = "Tune host's OOM preferences (-1000 to 1000)" };
    public Option<string?> CpusetMems { get; } = new("--cpuset-mems") { Description = "MEMs in which to allow execution (0-3, 0,1)" };
    public Option<int?> BlkioWeight { get; } = new("--blkio-weight") { Description = "Block IO (relative weight), between 10 and 1000" };
    public Option<string[]> LogOpt { get; } = Many("--log-opt", null, "Log limits: max-size=10m, max-file=3 (max-size=-1: no limit)");
    public Argument<string> Image { get; } = new("IMAGE") { Description = "The image to create the container from" };
    public Argument<string[]> Command { get; } = new("COMMAND") { Description = "Command and arguments", Arity = ArgumentArity.ZeroOrMore };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Name, Env, Workdir, User, Hostname, Label, Cpus, CpuShares, CpusetCpus, CpuPeriod, CpuQuota,
                     Memory, MemorySwap, PidsLimit, Restart, Network, NetworkAlias, Ip, Publish, PublishAll, Expose, Pid, Ipc, Uts, Volume, Rm, Entrypoint, StopTimeout, StopSignal,
                     Privileged, CapAdd, CapDrop, ReadOnly, SecurityOpt, Ulimit, Tmpfs, Mount, Device, Sysctl, ShmSize, GroupAdd,
                     Init, OomScoreAdj, CpusetMems, BlkioWeight, LogOpt, Interactive })
            command.Options.Add(option);
        command.Arguments.Add(Image);
        command.Arguments.Add(Command);
    }

    /// <param name="readFile">Reads a --security-opt seccomp=FILE profile (the docker CLI sends the file's content too).</param>
    public CreateContainerDto ToDto(ParseResult p, Func<string, string?> environment, Func<string, string>? readFile = null)
    {
        var cmd = p.GetValue(Command) ?? [];
        var entrypoint = p.GetValue(Entrypoint);
        return new CreateContainerDto
        {
            Name = p.GetValue(Name),
            Image = p.GetValue(Image) ?? "",
            Cmd = cmd.Length > 0 ? cmd : null,
            // docker: --entrypoint "" clears the image's entrypoint.
            Entrypoint = entrypoint is null ? null : entrypoint.Length == 0 ? [] : [entrypoint],
            Env = (p.GetValue(Env) ?? []).Select(e => e.Contains('=') || environment(e) is not { } v ? e : $"{e}={v}").ToArray(),
            WorkingDir = p.GetValue(Workdir),
            User = p.GetValue(User),
            Hostname = p.GetValue(Hostname),
            Labels = Labels(p.GetValue(Label) ?? []),
            Cpus = p.GetValue(Cpus),
            CpuShares = p.GetValue(CpuShares),
            CpusetCpus = p.GetValue(CpusetCpus),
            CpuPeriod = p.GetValue(CpuPeriod),
            CpuQuota = p.GetValue(CpuQuota),
            Memory = p.GetValue(Memory),
            MemorySwap = p.GetValue(MemorySwap),
            PidsLimit = p.GetValue(PidsLimit),
            Restart = p.GetValue(Restart),
            Network = p.GetValue(Network),
            NetworkAliases = NullIfEmpty(p.GetValue(NetworkAlias)),
            Ip = p.GetValue(Ip),
            Publish = NullIfEmpty(p.GetValue(Publish)),
            Expose = NullIfEmpty(p.GetValue(Expose)),
            PublishAll = p.GetValue(PublishAll),
            Pid = p.GetValue(Pid),
            Ipc = p.GetValue(Ipc),
            Uts = p.GetValue(Uts),
            Binds = p.GetValue(Volume) ?? [],
            AutoRemove = p.GetValue(Rm),
            StopTimeout = p.GetValue(StopTimeout),
            StopSignal = p.GetValue(StopSignal),
            Privileged = p.GetValue(Privileged),
            CapAdd = NullIfEmpty(p.GetValue(CapAdd)),
            CapDrop = NullIfEmpty(p.GetValue(CapDrop)),
            ReadOnly = p.GetValue(ReadOnly),
            SecurityOpt = NullIfEmpty(p.GetValue(SecurityOpt)?.Select(o => SeccompProfileFile.Inline(o, readFile ?? File.ReadAllText)).ToArray()),
            Ulimits = NullIfEmpty(p.GetValue(Ulimit)),
            Tmpfs = NullIfEmpty(p.GetValue(Tmpfs)),
            Mounts = NullIfEmpty(p.GetValue(Mount)),
            Devices = NullIfEmpty(p.GetValue(Device)),
            Sysctls = Sysctls(p.GetValue(Sysctl) ?? []),
            ShmSize = p.GetValue(ShmSize),
            GroupAdd = NullIfEmpty(p.GetValue(GroupAdd)),
            Init = p.GetValue(Init) ? true : null,
            OomScoreAdj = p.GetValue(OomScoreAdj),
            CpusetMems = p.GetValue(CpusetMems),
            BlkioWeight = p.GetValue(BlkioWeight),
            LogOptions = p.GetValue(LogOpt) is { Length: > 0 } logOptions ? Labels(logOptions) : null,
            // -i: docker's OpenStdin; an attached run (and create, as docker's) also closes stdin at the end of the input.
            OpenStdin = p.GetValue(Interactive),
            StdinOnce = p.GetValue(Interactive),
        };
    }

    private static string[]? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;

    /// <summary>KEY=VALUE sysctls; without '=' the value is empty (the daemon explains what it needs). The last one wins.</summary>
    private static IReadOnlyDictionary<string, string>? Sysctls(IEnumerable<string> raw)
    {
        var sysctls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in raw)
        {
            var eq = entry.IndexOf('=');
            if (eq < 0) sysctls[entry] = "";
            else sysctls[entry[..eq]] = entry[(eq + 1)..];
        }
        return sysctls.Count == 0 ? null : sysctls;
    }

    /// <summary>KEY=VALUE pairs; a bare KEY is an empty label, as in docker. The last one wins.</summary>
    public static IReadOnlyDictionary<string, string> Labels(IEnumerable<string> raw)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in raw)
        {
            var eq = entry.IndexOf('=');
            if (eq < 0) labels[entry] = "";
            else labels[entry[..eq]] = entry[(eq + 1)..];
        }
        return labels;
    }

    private static Option<string[]> Many(string name, string? alias, string description) => new(name, alias is null ? [] : [alias])
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };
}
