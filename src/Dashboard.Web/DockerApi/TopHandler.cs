using Dashboard.Contracts.Namespaces;
using Dashboard.Engine.Inspection;
using Dashboard.Web.NativeApi;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// GET /containers/{id}/top (docker top). moby runs the host's ps -ef and keeps the container's pids; the engine reads
/// the same facts from /proc through the namespace inspector's PID table, so only ps -ef's columns are offered: other
/// ps_args are refused rather than silently ignored. Pids are host pids, as docker top shows them.
/// </summary>
internal static class TopHandler
{
    public static async Task TopAsync(HttpContext context)
    {
        var psArgs = context.Request.Query["ps_args"].ToString().Trim();
        if (psArgs is not ("" or "-ef" or "ef" or "-e -f"))
            throw new DockerApiException(StatusCodes.Status400BadRequest,
                $"ps_args '{psArgs}' is not supported: this engine lists processes from /proc with ps -ef's columns; run docker top without ps options");
        var inspector = context.RequestServices.GetRequiredService<INamespaceInspector>();
        var processes = await inspector.ProcessesAsync(ContainerHandlers.Id(context), context.RequestAborted);
        var now = DateTimeOffset.Now;
        var rows = processes.Select(p => PsColumns.Row(NamespaceMapper.ToDto(p, now), now)).ToList();
        await DockerJson.WriteAsync(context, new ContainerTopResponse(PsColumns.Titles, rows));
    }
}

/// <summary>moby's container.TopResponse.</summary>
internal sealed record ContainerTopResponse(IReadOnlyList<string> Titles, IReadOnlyList<string[]> Processes);
