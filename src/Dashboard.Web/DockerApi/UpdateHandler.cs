using System.Globalization;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// POST /containers/{id}/update (docker update). The CLI sends the whole Resources struct with zeros for the flags
/// that were not given, so zero (and "") means "keep", as in moby; PidsLimit is a pointer there (null = keep).
/// </summary>
internal static class UpdateHandler
{
    public static async Task UpdateAsync(HttpContext context)
    {
        var json = await DockerJson.ReadAsync<System.Text.Json.Nodes.JsonObject>(context) ?? [];
        // Like create: a field that would be silently dropped (--blkio-weight, --restart, ...) is refused by name.
        if (CreateBodyCheck.UpdateRefusals(json) is { Count: > 0 } refusals)
            throw new DockerApiException(StatusCodes.Status400BadRequest, CreateBodyCheck.Message(refusals));
        var body = DockerJson.Convert<UpdateContainerBody>(json);
        if (body.NanoCpus is > 0 && (body.CpuPeriod is > 0 || body.CpuQuota is > 0))
            throw new DockerApiException(StatusCodes.Status400BadRequest,
                "Conflicting options: Nano CPUs and CPU Period cannot both be set");
        var update = ToUpdate(body);
        if (update.IsEmpty)
            throw new DockerApiException(StatusCodes.Status400BadRequest, "you must provide one or more flags when using this command");
        // Like create: once asked, the update finishes even if the client goes away.
        await ContainerHandlers.Engine(context).UpdateLimitsAsync(ContainerHandlers.Id(context), update, CancellationToken.None);
        await DockerJson.WriteAsync(context, new UpdateContainerResponse([]));
    }

    internal static LimitsUpdate ToUpdate(UpdateContainerBody body) => new()
    {
        Cpus = body.NanoCpus is > 0 ? (body.NanoCpus.Value / 1e9).ToString(CultureInfo.InvariantCulture) : null,
        CpuPeriod = body.CpuPeriod is > 0 ? body.CpuPeriod : null,
        CpuQuota = body.CpuQuota is > 0 or -1 ? body.CpuQuota : null,
        CpuShares = body.CpuShares is > 0 ? body.CpuShares : null,
        CpusetCpus = string.IsNullOrEmpty(body.CpusetCpus) ? null : body.CpusetCpus,
        Memory = body.Memory is > 0 ? body.Memory.Value.ToString(CultureInfo.InvariantCulture) : null,
        MemorySwap = body.MemorySwap is > 0 or -1 ? body.MemorySwap.Value.ToString(CultureInfo.InvariantCulture) : null,
        PidsLimit = body.PidsLimit,
        // The CLI sends an empty policy when --restart is not given: that keeps the current one.
        RestartPolicy = CreateRequestMapper.RestartPolicy(body.RestartPolicy),
    };
}

/// <summary>moby's container.UpdateConfig: the Resources fields we support (the others are refused by
/// <see cref="CreateBodyCheck.UpdateRefusals"/>).</summary>
internal sealed record UpdateContainerBody
{
    public long? CpuShares { get; init; }
    public long? Memory { get; init; }
    public long? MemorySwap { get; init; }
    public long? NanoCpus { get; init; }
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    public string? CpusetCpus { get; init; }
    public long? PidsLimit { get; init; }
    public Models.RestartPolicyBody? RestartPolicy { get; init; }
}

internal sealed record UpdateContainerResponse(IReadOnlyList<string> Warnings);
