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
        var body = await DockerJson.ReadAsync<UpdateContainerBody>(context) ?? new UpdateContainerBody();
        if (body.NanoCpus is > 0 && (body.CpuPeriod is > 0 || body.CpuQuota is > 0))
            throw new DockerApiException(StatusCodes.Status400BadRequest,
                "Conflicting options: Nano CPUs and CPU Period cannot both be set");
        var update = ToUpdate(body);
        if (update.IsEmpty && body.RestartPolicy is null)
            throw new DockerApiException(StatusCodes.Status400BadRequest, "you must provide one or more flags when using this command");
        // Like create: once asked, the update finishes even if the client goes away.
        if (!update.IsEmpty) await ContainerHandlers.Engine(context).UpdateLimitsAsync(ContainerHandlers.Id(context), update, CancellationToken.None);
        else ContainerHandlers.Engine(context).Get(ContainerHandlers.Id(context));
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
    };
}

/// <summary>moby's container.UpdateConfig: the Resources fields we support, and the restart policy.</summary>
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
    public System.Text.Json.JsonElement? RestartPolicy { get; init; }
}

internal sealed record UpdateContainerResponse(IReadOnlyList<string> Warnings);
