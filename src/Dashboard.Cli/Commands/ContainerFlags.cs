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
    public Option<string?> Network { get; } = new("--network", "--net") { Description = "Network namespace: none (default, loopback only), host, or container:NAME to share another container's" };
    public Option<string?> Pid { get; } = new("--pid") { Description = "PID namespace: host, or container:NAME to share another container's (default: its own)" };
    public Option<string?> Ipc { get; } = new("--ipc") { Description = "IPC namespace and /dev/shm: private (default), shareable, host, or container:NAME" };
    public Option<string?> Uts { get; } = new("--uts") { Description = "UTS namespace (hostname): host, or leave out for its own" };
    public Option<string[]> Volume { get; } = Many("--volume", "-v", "Bind mount a volume (/host/path:/container/path[:ro])");
    public Option<bool> Rm { get; } = new("--rm") { Description = "Automatically remove the container when it exits" };
    public Option<string?> Entrypoint { get; } = new("--entrypoint") { Description = "Overwrite the default ENTRYPOINT of the image" };
    public Option<int?> StopTimeout { get; } = new("--stop-timeout") { Description = "Timeout (in seconds) to stop a container" };
    public Option<string?> StopSignal { get; } = new("--stop-signal") { Description = "Signal to stop the container" };
    public Option<string[]> LogOpt { get; } = new("--log-opt")
    {
        Description = "Log limits: max-size=10m, max-file=3 (max-size=-1: no limit)",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };
    public Argument<string> Image { get; } = new("IMAGE") { Description = "The image to create the container from" };
    public Argument<string[]> Command { get; } = new("COMMAND") { Description = "Command and arguments", Arity = ArgumentArity.ZeroOrMore };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Name, Env, Workdir, User, Hostname, Label, Cpus, CpuShares, CpusetCpus, CpuPeriod, CpuQuota,
                     Memory, MemorySwap, PidsLimit, Restart, Network, Pid, Ipc, Uts, Volume, Rm, Entrypoint, StopTimeout, StopSignal, LogOpt })
            command.Options.Add(option);
        command.Arguments.Add(Image);
        command.Arguments.Add(Command);
    }

    public CreateContainerDto ToDto(ParseResult p, Func<string, string?> environment)
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
            Pid = p.GetValue(Pid),
            Ipc = p.GetValue(Ipc),
            Uts = p.GetValue(Uts),
            Binds = p.GetValue(Volume) ?? [],
            AutoRemove = p.GetValue(Rm),
            StopTimeout = p.GetValue(StopTimeout),
            StopSignal = p.GetValue(StopSignal),
            LogOptions = p.GetValue(LogOpt) is { Length: > 0 } logOptions ? Labels(logOptions) : null,
        };
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

    private static Option<string[]> Many(string name, string alias, string description) => new(name, alias)
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };
}
