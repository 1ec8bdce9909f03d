using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Networks;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Web.NativeApi;

/// <summary>Engine records to wire DTOs and back. Pure; the image lookup only fills in the default command.</summary>
public static class ContainerMapper
{
    public static CreateContainerRequest ToRequest(CreateContainerDto dto) => new()
    {
        Name = string.IsNullOrEmpty(dto.Name) ? null : dto.Name,
        Image = dto.Image ?? "",
        Cmd = dto.Cmd,
        Entrypoint = dto.Entrypoint,
        Env = dto.Env ?? [],
        WorkingDir = dto.WorkingDir,
        User = dto.User,
        Hostname = dto.Hostname,
        Labels = dto.Labels ?? new Dictionary<string, string>(),
        Cpus = dto.Cpus,
        CpuPeriod = dto.CpuPeriod,
        CpuQuota = dto.CpuQuota,
        CpuShares = dto.CpuShares,
        CpusetCpus = dto.CpusetCpus,
        Memory = dto.Memory,
        MemorySwap = dto.MemorySwap,
        PidsLimit = dto.PidsLimit,
        RestartPolicy = dto.Restart,
        NetworkMode = dto.Network,
        // --ip and --network-alias belong to the network --network names (bridge by default).
        Networks = dto.NetworkAliases is { Count: > 0 } || !string.IsNullOrWhiteSpace(dto.Ip)
            ? [new NetworkAttachment(dto.Network is null or "" or "default" ? "bridge" : dto.Network) { Aliases = dto.NetworkAliases ?? [], IPv4Address = dto.Ip }]
            : null,
        Publish = dto.Publish ?? [],
        Expose = dto.Expose ?? [],
        PublishAll = dto.PublishAll,
        PidMode = dto.Pid,
        IpcMode = dto.Ipc,
        UtsMode = dto.Uts,
        Binds = dto.Binds ?? [],
        AutoRemove = dto.AutoRemove,
        StopTimeout = dto.StopTimeout,
        StopSignal = dto.StopSignal,
        CpusetMems = dto.CpusetMems,
        BlkioWeight = dto.BlkioWeight,
        Privileged = dto.Privileged,
        CapAdd = dto.CapAdd ?? [],
        CapDrop = dto.CapDrop ?? [],
        ReadonlyRootfs = dto.ReadOnly,
        SecurityOpt = dto.SecurityOpt ?? [],
        Ulimits = dto.Ulimits ?? [],
        Tmpfs = dto.Tmpfs ?? [],
        Mounts = dto.Mounts ?? [],
        Devices = dto.Devices ?? [],
        Sysctls = dto.Sysctls ?? new Dictionary<string, string>(),
        ShmSize = dto.ShmSize,
        GroupAdd = dto.GroupAdd ?? [],
        Init = dto.Init,
        OomScoreAdj = dto.OomScoreAdj,
        LogOptions = dto.LogOptions,
        OpenStdin = dto.OpenStdin,
        StdinOnce = dto.StdinOnce,
        AttachStdin = dto.OpenStdin && dto.StdinOnce,
    };

    public static ContainerSummaryDto ToSummary(ContainerRecord c, IImageService? images) => new()
    {
        Id = c.Id,
        Name = c.Name,
        Image = c.Config.Image,
        ImageId = c.ImageId,
        Command = Command(c, images),
        Created = c.Created,
        Status = c.State.Status.DockerName(),
        ExitCode = c.State.ExitCode,
        StartedAt = c.State.StartedAt,
        FinishedAt = c.State.FinishedAt,
        Labels = c.Config.Labels,
    };

    /// <summary>Each network of its definition, with the address the running container has on it.</summary>
    private static ContainerNetworkDto[] Networks(ContainerRecord c)
    {
        var live = c.State.Status.IsAlive() ? c.State.Networks : [];
        return c.Config.Networks.Select(a => live.FirstOrDefault(e => e.NetworkId == a.NetworkId) is { } e
            ? new ContainerNetworkDto
            {
                Network = a.Name, NetworkId = e.NetworkId, Interface = e.InterfaceName, IpAddress = e.IPAddress, PrefixLength = e.PrefixLength,
                Gateway = e.Gateway, MacAddress = e.MacAddress, RequestedIp = a.IPv4Address, Aliases = [.. e.Aliases.Union(a.Aliases)],
            }
            : new ContainerNetworkDto { Network = a.Name, NetworkId = a.NetworkId ?? "", RequestedIp = a.IPv4Address, Aliases = a.Aliases }).ToArray();
    }

    /// <summary>-p's syntax back: "127.0.0.1:8080:80/tcp", ":80/tcp" → "80/tcp" for a random host port.</summary>
    private static string PublishText(PortBinding b) =>
        b.HostIp.Length == 0 && b.HostPort == 0 ? b.ContainerKey
        : $"{(b.HostIp.Length > 0 ? b.HostIp + ":" : "")}{(b.HostPort == 0 ? "" : b.HostPort.ToString(System.Globalization.CultureInfo.InvariantCulture))}:{b.ContainerKey}";

    public static ContainerDetailDto ToDetail(ContainerRecord c, IImageService? images)
    {
        var cfg = c.Config;
        var r = cfg.Resources;
        return new ContainerDetailDto
        {
            Id = c.Id,
            Name = c.Name,
            Image = cfg.Image,
            ImageId = c.ImageId,
            Command = Command(c, images),
            Created = c.Created,
            State = new ContainerStateDto
            {
                Status = c.State.Status.DockerName(),
                Running = c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting,
                Pid = c.State.Pid,
                ExitCode = c.State.ExitCode,
                OomKilled = c.State.OomKilled,
                StartedAt = c.State.StartedAt,
                FinishedAt = c.State.FinishedAt,
                RestartCount = c.State.RestartCount,
                Error = c.State.Error,
            },
            Networks = Networks(c),
            Ports = c.State.Status.IsAlive() ? c.State.Ports.Select(p => new PublishedPortDto(p.HostIp, p.HostPort, p.ContainerPort, p.Protocol)).ToArray() : [],
            Config = new ContainerConfigDto
            {
                Cmd = cfg.Cmd,
                Entrypoint = cfg.Entrypoint,
                Env = cfg.Env,
                Labels = cfg.Labels,
                Hostname = cfg.Hostname,
                User = cfg.User,
                WorkingDir = cfg.WorkingDir,
                Limits = new LimitsDto
                {
                    Cpus = r.Cpus,
                    CpuShares = r.CpuShares,
                    CpusetCpus = r.CpusetCpus,
                    MemoryBytes = r.MemoryBytes,
                    MemorySwapBytes = r.MemorySwapBytes,
                    PidsLimit = r.PidsLimit,
                    CpusetMems = r.CpusetMems,
                    BlkioWeight = r.BlkioWeight,
                },
                RestartPolicy = new RestartPolicyDto(cfg.RestartPolicy.DockerName, cfg.RestartPolicy.MaximumRetryCount),
                NetworkMode = Dashboard.Engine.Spec.NetworkMode.DockerName(cfg),
                Publish = cfg.PortBindings.Select(PublishText).ToArray(),
                ExposedPorts = cfg.ExposedPorts,
                PublishAll = cfg.PublishAllPorts,
                PidMode = cfg.PidMode.ToString(),
                IpcMode = cfg.IpcMode.ToString(),
                UtsMode = cfg.UtsMode.ToString(),
                Binds = cfg.Binds.Select(b => $"{b.Source}:{b.Destination}{(b.ReadOnly ? ":ro" : "")}").ToArray(),
                AutoRemove = cfg.AutoRemove,
                StopTimeout = cfg.StopTimeout,
                StopSignal = cfg.StopSignal,
                Privileged = cfg.Security.Privileged,
                CapAdd = cfg.Security.CapAdd,
                CapDrop = cfg.Security.CapDrop,
                ReadOnly = cfg.Security.ReadonlyRootfs,
                SecurityOpt = cfg.Security.SecurityOpt,
                Ulimits = cfg.Ulimits.Select(u => UlimitParser.Format(u.Name, u.Soft, u.Hard)).ToArray(),
                Tmpfs = cfg.Tmpfs.Select(t => t.Options.Length == 0 ? t.Destination : $"{t.Destination}:{t.Options}").ToArray(),
                Mounts = cfg.Mounts.Select(MountSpecParser.Format).ToArray(),
                Devices = cfg.Devices.Select(DeviceSpecParser.Format).ToArray(),
                Sysctls = cfg.Sysctls,
                ShmSizeBytes = cfg.ShmSizeBytes ?? 64L * 1024 * 1024,
                GroupAdd = cfg.GroupAdd,
                Init = cfg.Init,
                OomScoreAdj = cfg.OomScoreAdj,
                OpenStdin = cfg.OpenStdin,
                StdinOnce = cfg.StdinOnce,
            },
        };
    }

    /// <summary>Entrypoint plus cmd, falling back to the image's, joined as docker ps shows them.</summary>
    public static string Command(ContainerRecord c, IImageService? images)
    {
        var entrypoint = c.Config.Entrypoint;
        var cmd = c.Config.Cmd;
        if ((entrypoint is null || cmd is null) && images is not null && images.TryResolve(c.ImageId, out var image))
        {
            entrypoint ??= image.Config.Entrypoint;
            // Docker drops the image's Cmd when the user sets an entrypoint.
            cmd ??= c.Config.Entrypoint is null ? image.Config.Cmd : null;
        }
        return string.Join(' ', (entrypoint ?? []).Concat(cmd ?? []));
    }
}
