using System.Globalization;
using Dashboard.Engine.Spec;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// Docker's create body to the engine's <see cref="CreateContainerRequest"/>. Docker's zeros mean "not set", so they
/// become null; quantities become the strings the engine's validator parses (bytes stay bytes, NanoCpus becomes
/// decimal CPUs). All validation is the engine's, so the Docker API and the native API give the same messages.
/// </summary>
internal static class CreateRequestMapper
{
    public static CreateContainerRequest Map(CreateContainerBody body, string? name)
    {
        if (body.Tty)
            throw new DockerApiException(StatusCodes.Status400BadRequest,
                "TTY containers (-t) are not supported by this daemon yet; run the command without -t");
        var host = body.HostConfig ?? new HostConfigBody();
        return new CreateContainerRequest
        {
            Name = Blank(name) ?? Blank(body.Name?.TrimStart('/')),
            Image = body.Image ?? "",
            Cmd = body.Cmd,
            // The CLI sends [""] for --entrypoint "": that clears the image's entrypoint.
            Entrypoint = body.Entrypoint is { Count: 1 } e && e[0].Length == 0 ? [] : body.Entrypoint,
            Env = body.Env ?? [],
            WorkingDir = Blank(body.WorkingDir),
            User = Blank(body.User),
            Hostname = Blank(body.Hostname),
            Labels = body.Labels ?? new Dictionary<string, string>(),
            StopSignal = Blank(body.StopSignal),
            StopTimeout = body.StopTimeout,
            Cpus = host.NanoCpus != 0 ? NanoCpusToCpus(host.NanoCpus) : null,
            CpuPeriod = NullIfZero(host.CpuPeriod),
            CpuQuota = NullIfZero(host.CpuQuota),
            CpuShares = NullIfZero(host.CpuShares),
            CpusetCpus = Blank(host.CpusetCpus),
            Memory = host.Memory != 0 ? host.Memory.ToString(CultureInfo.InvariantCulture) : null,
            MemorySwap = host.MemorySwap != 0 ? host.MemorySwap.ToString(CultureInfo.InvariantCulture) : null,
            // Docker: 0, -1 and null all mean unlimited.
            PidsLimit = host.PidsLimit is > 0 ? host.PidsLimit : null,
            RestartPolicy = RestartPolicy(host.RestartPolicy),
            // "default" is what the CLI sends without --network; here that is the engine's default (none).
            NetworkMode = host.NetworkMode is null or "" or "default" ? null : host.NetworkMode,
            // The CLI sends "" for each of these without its flag: the engine's default, a namespace of its own.
            PidMode = Blank(host.PidMode),
            IpcMode = Blank(host.IpcMode),
            UtsMode = Blank(host.UTSMode),
            Binds = host.Binds ?? [],
            AutoRemove = host.AutoRemove,
            LogDriver = Blank(host.LogConfig?.Type),
            LogOptions = host.LogConfig?.Config,
        };
    }

    /// <summary>250000000 becomes "0.25"; negative values pass through so the validator can reject them.</summary>
    public static string NanoCpusToCpus(long nanoCpus) =>
        (nanoCpus / 1_000_000_000m).ToString(CultureInfo.InvariantCulture);

    private static string? RestartPolicy(RestartPolicyBody? policy)
    {
        var name = Blank(policy?.Name);
        if (name is null) return null;
        return name == "on-failure" && policy!.MaximumRetryCount > 0 ? $"on-failure:{policy.MaximumRetryCount}" : name;
    }

    private static long? NullIfZero(long value) => value == 0 ? null : value;

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
