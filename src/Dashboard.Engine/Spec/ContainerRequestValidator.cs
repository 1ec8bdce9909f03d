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
        var resources = ResourceRules.Validate(request, host, errors);
        errors.ThrowIfAny();
        return resources;
    }

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
        };
        var errors = new ValidationErrors();
        request = SizeRules.Validate(request, errors);

        ProcessRules.ValidateImage(request.Image, errors);
        ProcessRules.ValidateName(request.Name, errors);
        ProcessRules.ValidateEnv(request.Env, errors);
        ProcessRules.ValidateLabels(request.Labels, errors);
        var workdir = ProcessRules.ValidateWorkdir(request.WorkingDir, errors);
        var user = ProcessRules.ValidateUser(request.User, errors);
        var network = NetworkRules.Validate(request.NetworkMode, request.Name, errors);
        var pid = NamespaceRules.Pid(request.PidMode, request.Name, errors);
        var ipc = NamespaceRules.Ipc(request.IpcMode, request.Name, errors);
        var uts = NamespaceRules.Uts(request.UtsMode, errors);
        var hostname = ProcessRules.ValidateHostname(request.Hostname, network, uts, errors);
        var resources = ResourceRules.Validate(request, host, errors);
        var restart = RuntimeRules.ValidateRestart(request, errors);
        var stopSignal = RuntimeRules.ValidateStopSignal(request.StopSignal, errors);
        var stopTimeout = RuntimeRules.ValidateStopTimeout(request.StopTimeout, errors);
        var binds = MountRules.Validate(request.Binds, errors);
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
            PidMode = pid ?? NamespaceMode.Private,
            IpcMode = ipc ?? NamespaceMode.Private,
            UtsMode = uts ?? NamespaceMode.Private,
            Binds = binds,
            AutoRemove = request.AutoRemove,
            StopTimeout = stopTimeout,
            StopSignal = stopSignal,
            LogLimits = logLimits,
        };
    }
}
