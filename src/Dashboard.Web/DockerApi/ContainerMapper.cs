using Dashboard.Engine.Containers;
using Dashboard.Engine.Containers.Logs;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Parsing;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.DockerApi;

/// <summary>Engine records to Docker's inspect and list shapes.</summary>
internal static class ContainerMapper
{
    private static readonly IReadOnlyDictionary<string, object> Empty = new Dictionary<string, object>();

    /// <summary>The process the container runs: entrypoint + cmd, each falling back to the image's defaults.
    /// As in Docker, an explicit entrypoint drops the image's cmd.</summary>
    public static (string Path, IReadOnlyList<string> Args) Process(ContainerConfig config, ImageRecord? image)
    {
        var entrypoint = config.Entrypoint ?? image?.Config.Entrypoint ?? [];
        var cmd = config.Cmd ?? (config.Entrypoint is null ? image?.Config.Cmd : null) ?? [];
        var all = entrypoint.Concat(cmd).ToList();
        return all.Count == 0 ? ("", []) : (all[0], all.Skip(1).ToList());
    }

    /// <param name="logDefaults">Engine:LogMaxSize and Engine:LogMaxFiles, shown merged with the container's own
    /// --log-opt values as Docker shows its daemon's log-opts; null shows only the container's own.</param>
    /// <param name="volumePath">A volume's host directory by name (Docker's Mountpoint); null shows none.</param>
    public static ContainerInspect Inspect(ContainerRecord record, ImageRecord? image, LogFileLimits? logDefaults = null,
        Func<string, string>? volumePath = null)
    {
        var config = record.Config;
        var state = record.State;
        var (path, args) = Process(config, image);
        var r = config.Resources;
        var security = config.Security;
        var env = (image?.Config.Env ?? []).Concat(config.Env).ToList();
        return new ContainerInspect(
            Id: record.Id,
            Created: DockerTime.Rfc3339Nano(record.Created),
            Path: path,
            Args: args,
            State: new ContainerStateModel(
                Status: state.Status.DockerName(),
                Running: state.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting,
                Paused: state.Status == ContainerStatus.Paused,
                Restarting: state.Status == ContainerStatus.Restarting,
                OOMKilled: state.OomKilled,
                Dead: state.Status == ContainerStatus.Dead,
                Pid: state.Status.IsAlive() ? state.Pid ?? 0 : 0,
                ExitCode: state.ExitCode ?? 0,
                Error: state.Error ?? "",
                StartedAt: DockerTime.Rfc3339Nano(state.StartedAt),
                FinishedAt: DockerTime.Rfc3339Nano(state.FinishedAt)),
            Image: record.ImageId,
            ResolvConfPath: "", HostnamePath: "", HostsPath: "", LogPath: "",
            Name: "/" + record.Name,
            RestartCount: state.RestartCount,
            Driver: "overlay2",
            Platform: "linux",
            MountLabel: "", ProcessLabel: "", AppArmorProfile: "",
            ExecIDs: null,
            HostConfig: new HostConfigModel(
                Binds: BindsText(config),
                NetworkMode: NetworkMode.DockerName(config),
                PidMode: DockerModeName(config.PidMode, ""),
                IpcMode: DockerModeName(config.IpcMode, "private"),
                UTSMode: DockerModeName(config.UtsMode, ""),
                RestartPolicy: new RestartPolicyModel(config.RestartPolicy.DockerName, config.RestartPolicy.MaximumRetryCount),
                AutoRemove: config.AutoRemove,
                CpuShares: r.CpuShares ?? 0,
                Memory: r.MemoryBytes ?? 0,
                NanoCpus: r.NanoCpus ?? 0,
                // --cpus is kept as NanoCpus; Docker reports period/quota only when they were given directly.
                CpuPeriod: r.NanoCpus is > 0 ? 0 : r.CpuPeriod ?? 0,
                CpuQuota: r.NanoCpus is > 0 ? 0 : r.CpuQuota ?? 0,
                CpusetCpus: r.CpusetCpus ?? "",
                MemorySwap: r.MemorySwapBytes ?? 0,
                PidsLimit: r.PidsLimit,
                LogConfig: LogConfig(config, logDefaults),
                CapAdd: NullIfEmpty(security.CapAdd),
                CapDrop: NullIfEmpty(security.CapDrop),
                Privileged: security.Privileged,
                ReadonlyRootfs: security.ReadonlyRootfs,
                ConsoleSize: config.ConsoleSize is { } size ? [size.Height, size.Width] : [0, 0],
                SecurityOpt: NullIfEmpty(security.SecurityOpt),
                Ulimits: config.Ulimits.Select(u => new UlimitModel(u.Name, u.Hard, u.Soft)).ToList(),
                Tmpfs: config.Tmpfs.Count == 0 ? null : config.Tmpfs.ToDictionary(t => t.Destination, t => t.Options),
                Mounts: HostMounts(config),
                Devices: config.Devices.Select(d => new DeviceMappingModel(d.PathOnHost, d.PathInContainer, d.CgroupPermissions)).ToList(),
                Sysctls: config.Sysctls.Count == 0 ? null : config.Sysctls,
                ShmSize: config.ShmSizeBytes ?? DefaultShmSize,
                GroupAdd: NullIfEmpty(config.GroupAdd),
                Init: config.Init,
                OomScoreAdj: config.OomScoreAdj,
                CpusetMems: r.CpusetMems ?? "",
                BlkioWeight: r.BlkioWeight ?? 0,
                PortBindings: ContainerNetworkMapper.PortBindings(config),
                PublishAllPorts: config.PublishAllPorts),
            GraphDriver: new GraphDriverModel("overlay2", new Dictionary<string, string>()),
            Mounts: Mounts(config, volumePath),
            Config: new ContainerConfigModel(
                // What the last start wrote to /etc/hostname (a --network container: one takes its target's, as in
                // moby); before any start, what it will be.
                Hostname: ContainerHostname.SharesHostUts(config) ? Environment.MachineName : record.State.Hostname ?? config.Hostname ?? record.Id[..12],
                Domainname: "",
                User: config.User ?? image?.Config.User ?? "",
                AttachStdin: config.AttachStdin, AttachStdout: false, AttachStderr: false,
                Tty: config.Tty, OpenStdin: config.OpenStdin, StdinOnce: config.StdinOnce,
                Env: env,
                Cmd: config.Cmd ?? (config.Entrypoint is null ? image?.Config.Cmd : null),
                Image: config.Image,
                Volumes: AnonymousPaths(config),
                WorkingDir: config.WorkingDir ?? image?.Config.WorkingDir ?? "",
                Entrypoint: config.Entrypoint ?? image?.Config.Entrypoint,
                Labels: config.Labels,
                StopSignal: config.StopSignal,
                StopTimeout: config.StopTimeout,
                ExposedPorts: config.ExposedPorts.Count == 0 ? null : config.ExposedPorts.ToDictionary(p => p, _ => (object)new { })),
            NetworkSettings: ContainerNetworkMapper.Settings(record));
    }

    public static ContainerSummary Summary(ContainerRecord record, ImageRecord? image, DateTimeOffset now, Func<string, string>? volumePath = null)
    {
        var (path, args) = Process(record.Config, image);
        var command = string.Join(' ', new[] { path }.Concat(args)).Trim();
        return new ContainerSummary(
            Id: record.Id,
            Names: ["/" + record.Name],
            Image: record.Config.Image,
            ImageID: record.ImageId,
            Command: command,
            Created: record.Created.ToUnixTimeSeconds(),
            Ports: ContainerNetworkMapper.PortSummaries(record),
            Labels: record.Config.Labels,
            State: record.State.Status.DockerName(),
            Status: DockerTime.StatusText(record.State, now),
            HostConfig: new SummaryHostConfig(NetworkMode.DockerName(record.Config)),
            NetworkSettings: ContainerNetworkMapper.Settings(record) with { Ports = new Dictionary<string, IReadOnlyList<PortBindingModel>?>() },
            Mounts: Mounts(record.Config, volumePath));
    }

    /// <summary>The limits the next run has, in --log-opt's words (max-size in Docker's decimal units); none when the
    /// log has no limit.</summary>
    private static LogConfigModel LogConfig(ContainerConfig config, LogFileLimits? defaults)
    {
        var own = config.LogLimits;
        var limits = defaults?.With(own) ?? new LogFileLimits(own?.MaxSizeBytes ?? 0, own?.MaxFiles ?? 1);
        var options = new Dictionary<string, string>();
        if (limits.Bounded)
        {
            options["max-size"] = DecimalByteSize.Format(limits.MaxSizeBytes);
            options["max-file"] = limits.MaxFiles.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return new LogConfigModel("k8s-file", options);
    }

    /// <summary>A namespace mode as Docker reports it; <paramref name="privateName"/> is Docker's word for "its own"
    /// ("" for PidMode and UTSMode, "private" for IpcMode, "none" for this engine's default network).</summary>
    private static string DockerModeName(NamespaceMode mode, string privateName) => mode.IsPrivate ? privateName : mode.ToString();

    /// <summary>Docker's default /dev/shm size, reported when --shm-size was not given (moby stores it at create).</summary>
    private const long DefaultShmSize = 64 * 1024 * 1024;

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string> list) => list.Count == 0 ? null : list;

    /// <summary>The top-level Mounts list: -v binds, then --mount binds and tmpfs, then volumes (moby lists --tmpfs only
    /// in HostConfig).</summary>
    private static List<MountModel> Mounts(ContainerConfig config, Func<string, string>? volumePath) =>
    [
        .. config.Binds.Select(Mount),
        .. config.Mounts.Select(m => m.Type == MountKind.Bind
            ? new MountModel("bind", m.Source!, m.Target, "", !m.ReadOnly, m.Propagation ?? "rprivate")
            : new MountModel("tmpfs", "", m.Target, "", !m.ReadOnly, "")),
        // moby: Mode "z" for -v NAME:/path (its default SELinux relabel mode), "" for --mount and anonymous volumes.
        .. config.Volumes.Select(v => new MountModel("volume", volumePath?.Invoke(v.Name) ?? "", v.Destination,
            v.Origin == VolumeOrigin.Bind ? (v.ReadOnly ? "ro" : "z") : "", !v.ReadOnly, "") { Name = v.Name, Driver = "local" }),
    ];

    /// <summary>HostConfig.Binds: -v binds and -v NAME:/path, as given.</summary>
    private static List<string>? BindsText(ContainerConfig config)
    {
        var binds = config.Binds.Select(BindText)
            .Concat(config.Volumes.Where(v => v.Origin == VolumeOrigin.Bind)
                .Select(v => $"{v.Name}:{v.Destination}{(v.ReadOnly || v.NoCopy ? ":" + string.Join(',', new[] { v.ReadOnly ? "ro" : null, v.NoCopy ? "nocopy" : null }.OfType<string>()) : "")}"))
            .ToList();
        return binds.Count == 0 ? null : binds;
    }

    /// <summary>HostConfig.Mounts: --mount binds and tmpfs, and --mount type=volume.</summary>
    private static List<HostMountModel>? HostMounts(ContainerConfig config)
    {
        var mounts = config.Mounts.Select(HostMount)
            .Concat(config.Volumes.Where(v => v.Origin == VolumeOrigin.Mount).Select(v =>
                new HostMountModel("volume", v.Anonymous ? null : v.Name, v.Destination, v.ReadOnly, null, null)
                {
                    VolumeOptions = v.NoCopy || v.Labels.Count > 0 ? new VolumeOptionsModel(v.NoCopy, v.Labels.Count > 0 ? v.Labels : null) : null,
                }))
            .ToList();
        return mounts.Count == 0 ? null : mounts;
    }

    /// <summary>Config.Volumes: the container paths of -v /path and of the image's VOLUME.</summary>
    private static Dictionary<string, object>? AnonymousPaths(ContainerConfig config)
    {
        var paths = config.Volumes.Where(v => v.Origin is VolumeOrigin.Config or VolumeOrigin.Image).ToList();
        return paths.Count == 0 ? null : paths.ToDictionary(v => v.Destination, _ => (object)new Dictionary<string, object>(), StringComparer.Ordinal);
    }

    private static HostMountModel HostMount(MountSpec m) => m.Type == MountKind.Bind
        ? new HostMountModel("bind", m.Source, m.Target, m.ReadOnly,
            m.Propagation is null && !m.NonRecursive && !m.CreateSource ? null : new BindOptionsModel(m.Propagation, m.NonRecursive, m.CreateSource), null)
        : new HostMountModel("tmpfs", null, m.Target, m.ReadOnly, null,
            m.TmpfsSizeBytes is null && m.TmpfsMode is null ? null : new TmpfsOptionsModel(m.TmpfsSizeBytes ?? 0, m.TmpfsMode ?? 0));

    private static string BindText(BindMount b) => $"{b.Source}:{b.Destination}{(b.ReadOnly ? ":ro" : "")}";

    private static MountModel Mount(BindMount b) =>
        new("bind", b.Source, b.Destination, b.ReadOnly ? "ro" : "", !b.ReadOnly, "rprivate");
}
