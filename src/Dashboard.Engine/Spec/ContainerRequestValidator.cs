using Dashboard.Engine.Spec.Validation;

namespace Dashboard.Engine.Spec;

/// <summary>
/// The one place that turns a <see cref="CreateContainerRequest"/> into a <see cref="ContainerConfig"/>: every
/// quantity parsed, every rule checked, following Docker's rules and wording where Docker has them. It reports
/// all problems at once in a <see cref="ValidationException"/> whose <see cref="FieldError.Field"/> is the docker
/// flag without dashes ("memory", "cpus", "name", "restart", "volume", "network", "pid", ...). Pure: no I/O, so a
/// container:NAME target is checked for form only; the engine resolves it when it creates the container.
/// </summary>
public static class ContainerRequestValidator
{
    /// <summary>Only the resource rules, for live limit updates (docker update).</summary>
    /// <exception cref="ValidationException">One or more limits are invalid.</exception>
    public static ResourceLimits ValidateLimits(CreateContainerRequest request, HostLimits host)
    {
        var errors = new ValidationErrors();
        request = SizeRules.ValidateLimits(request, errors);
        var resources = Resources(request, host, errors);
        errors.ThrowIfAny();
        return resources;
    }

    /// <summary>docker update: the limits and, when one is asked for, the restart policy, by create's rules (a container
    /// with --rm cannot have one).</summary>
    public static (ResourceLimits Limits, RestartPolicy? Restart) ValidateUpdate(CreateContainerRequest request, HostLimits host)
    {
        var errors = new ValidationErrors();
        request = SizeRules.ValidateLimits(request, errors);
        var resources = Resources(request, host, errors);
        var restart = request.RestartPolicy is null ? null : RuntimeRules.ValidateRestart(request, errors);
        errors.ThrowIfAny();
        return (resources, restart);
    }

    private static ResourceLimits Resources(CreateContainerRequest request, HostLimits host, ValidationErrors errors) =>
        ResourceRules.Validate(request, host, errors) with
        {
            CpusetMems = NumaAndIoRules.CpusetMems(request.CpusetMems, host, errors),
            BlkioWeight = NumaAndIoRules.BlkioWeight(request.BlkioWeight, host, errors),
        };

    private static string[] NoNulls(IReadOnlyList<string?>? values) => values?.Select(v => v ?? "").ToArray() ?? [];

    private static bool SeccompFilters(ContainerSecurity security) =>
        !security.Privileged && security.Seccomp != ContainerSecurity.Unconfined;

    /// <exception cref="ValidationException">One or more fields are invalid.</exception>
    public static ContainerConfig Validate(CreateContainerRequest request, HostLimits host)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(host);
        // API edges deserialise JSON, where a list or map can arrive as null despite the record's defaults.
        request = request with
        {
            Image = request.Image ?? "",
            Env = request.Env ?? [],
            Binds = request.Binds ?? [],
            Labels = request.Labels ?? new Dictionary<string, string>(),
            // A null inside one of these lists (JSON [null]) is an empty entry, which its rule refuses.
            CapAdd = NoNulls(request.CapAdd),
            CapDrop = NoNulls(request.CapDrop),
            SecurityOpt = NoNulls(request.SecurityOpt),
            Ulimits = NoNulls(request.Ulimits),
            Tmpfs = NoNulls(request.Tmpfs),
            Mounts = NoNulls(request.Mounts),
            Volumes = NoNulls(request.Volumes),
            Publish = NoNulls(request.Publish),
            Expose = NoNulls(request.Expose),
            Devices = NoNulls(request.Devices),
            Sysctls = (request.Sysctls ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => p.Value ?? "", StringComparer.Ordinal),
            GroupAdd = NoNulls(request.GroupAdd),
        };
        var errors = new ValidationErrors();
        request = SizeRules.Validate(request, errors);

        ProcessRules.ValidateImage(request.Image, errors);
        ProcessRules.ValidateName(request.Name, errors);
        ProcessRules.ValidateEnv(request.Env, errors);
        ProcessRules.ValidateLabels(request.Labels, errors);
        var workdir = ProcessRules.ValidateWorkdir(request.WorkingDir, errors);
        var user = ProcessRules.ValidateUser(request.User, errors);
        var (network, networks) = NetworkRules.Validate(request.NetworkMode, request.Networks, request.Name, errors);
        var ports = PortRules.Validate(request.Publish ?? [], errors);
        if (ports.Count > 0 && networks.Count == 0 && network is not null)
            errors.Add("publish", $"-p needs a network of the engine's: a container on --network {(network.IsPrivate ? "none" : network.ToString())} has no ports to publish");
        if (request.PublishAll && networks.Count == 0 && network is not null)
            errors.Add("publish-all", $"-P needs a network of the engine's: a container on --network {(network.IsPrivate ? "none" : network.ToString())} has no ports to publish");
        var exposed = PortRules.ValidateExpose(request.Expose ?? [], errors);
        var pid = NamespaceRules.Pid(request.PidMode, request.Name, errors);
        var ipc = NamespaceRules.Ipc(request.IpcMode, request.Name, errors);
        var uts = NamespaceRules.Uts(request.UtsMode, errors);
        var hostname = ProcessRules.ValidateHostname(request.Hostname, network, uts, errors);
        var resources = Resources(request, host, errors);
        // No pids limit asked for: the engine's default (Docker has none, so one fork bomb could take every PID
        // of the host). An explicit 0 or -1 asks for none, as in Docker.
        if (request.PidsLimit is null && host.DefaultPidsLimit > 0) resources = resources with { PidsLimit = host.DefaultPidsLimit };
        var restart = RuntimeRules.ValidateRestart(request, errors);
        var stopSignal = RuntimeRules.ValidateStopSignal(request.StopSignal, errors);
        var stopTimeout = RuntimeRules.ValidateStopTimeout(request.StopTimeout, errors);
        var volumes = new List<VolumeMount>();
        var binds = MountRules.Validate(request.Binds, request.Volumes, volumes, errors);
        var security = SecurityRules.Validate(request, host, errors);
        var ulimits = UlimitRules.Validate(request.Ulimits, host, SeccompFilters(security), errors);
        var tmpfs = MountOptionRules.Tmpfs(request.Tmpfs, errors);
        var mounts = MountOptionRules.Mounts(request.Mounts, volumes, errors);
        MountOptionRules.CheckDestinations(binds, tmpfs, mounts, volumes, errors);
        var devices = DeviceRules.Validate(request.Devices, request.Privileged, errors);
        var sysctls = SysctlRules.Validate(request.Sysctls, network, ipc, errors);
        var shmSize = ProcessOptionRules.ShmSize(request.ShmSize, ipc, errors);
        var groupAdd = ProcessOptionRules.GroupAdd(request.GroupAdd, errors);
        var init = ProcessOptionRules.Init(request.Init, pid, host, errors);
        var oomScoreAdj = ProcessOptionRules.OomScoreAdj(request.OomScoreAdj, host, errors);
        var logLimits = LogRules.Validate(request.LogDriver, request.LogOptions, errors);
        errors.ThrowIfAny();

        return new ContainerConfig
        {
            Image = request.Image.Trim(),
            Cmd = request.Cmd?.ToArray(),
            Entrypoint = request.Entrypoint?.ToArray(),
            Env = request.Env.ToArray(),
            WorkingDir = workdir,
            User = user,
            Hostname = hostname,
            Labels = new Dictionary<string, string>(request.Labels),
            Resources = resources,
            RestartPolicy = restart,
            NetworkMode = network ?? NetworkMode.None,
            Networks = networks,
            PortBindings = ports,
            ExposedPorts = PortRules.Exposed(exposed, ports),
            PublishAllPorts = request.PublishAll,
            PidMode = pid ?? NamespaceMode.Private,
            IpcMode = ipc ?? NamespaceMode.Private,
            UtsMode = uts ?? NamespaceMode.Private,
            Binds = binds,
            AutoRemove = request.AutoRemove,
            StopTimeout = stopTimeout,
            StopSignal = stopSignal,
            Security = security,
            Ulimits = ulimits,
            Tmpfs = tmpfs,
            Mounts = mounts,
            Volumes = volumes,
            Devices = devices,
            Sysctls = sysctls,
            ShmSizeBytes = shmSize,
            GroupAdd = groupAdd,
            Init = init,
            OomScoreAdj = oomScoreAdj,
            LogLimits = logLimits,
            OpenStdin = request.OpenStdin,
            StdinOnce = request.StdinOnce,
            AttachStdin = request.AttachStdin,
            Tty = request.Tty,
            ConsoleSize = request.Tty ? TerminalSize.From(request.ConsoleSize, "ConsoleSize") : null,
        };
    }
}
