using System.Globalization;
using Dashboard.Engine.Namespaces;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// GET /containers/{id}/top (docker top). moby runs the host's ps -ef and keeps the container's pids; the engine reads
/// the same facts from /proc through the namespace inspector's PID table, so only ps -ef's columns are offered: other
/// ps_args are refused rather than silently ignored. Pids are host pids, as docker top shows them.
/// </summary>
internal static class TopHandler
{
    private static readonly string[] Titles = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"];

    public static async Task TopAsync(HttpContext context)
    {
        var psArgs = context.Request.Query["ps_args"].ToString().Trim();
        if (psArgs is not ("" or "-ef" or "ef" or "-e -f"))
            throw new DockerApiException(StatusCodes.Status400BadRequest,
                $"ps_args '{psArgs}' is not supported: this engine lists processes from /proc with ps -ef's columns; run docker top without ps options");
        var inspector = context.RequestServices.GetRequiredService<INamespaceInspector>();
        var processes = await inspector.ProcessesAsync(ContainerHandlers.Id(context), context.RequestAborted);
        var now = DateTimeOffset.Now;
        var rows = processes.Select(p => Row(p, now)).ToList();
        await DockerJson.WriteAsync(context, new ContainerTopResponse(Titles, rows));
    }

    internal static string[] Row(NamespaceProcess p, DateTimeOffset now) =>
    [
        p.User,
        p.HostPid.ToString(CultureInfo.InvariantCulture),
        p.HostParentPid.ToString(CultureInfo.InvariantCulture),
        ((int)p.CpuPercent).ToString(CultureInfo.InvariantCulture),
        StartTime(now - p.Elapsed, now),
        "?", // conmon gives containers pipes, never a terminal (TTY is refused at create)
        CpuTime(p.CpuTime),
        p.Command,
    ];

    /// <summary>ps's STIME: HH:MM for a process started today, else the month and day ("Nov27").</summary>
    internal static string StartTime(DateTimeOffset started, DateTimeOffset now) =>
        started.Date == now.Date
            ? started.ToString("HH:mm", CultureInfo.InvariantCulture)
            : started.ToString("MMMdd", CultureInfo.InvariantCulture);

    /// <summary>ps's TIME: cumulative CPU as [DD-]HH:MM:SS.</summary>
    internal static string CpuTime(TimeSpan cpu) =>
        (cpu.Days > 0 ? cpu.Days.ToString(CultureInfo.InvariantCulture) + "-" : "")
        + $"{cpu.Hours:00}:{cpu.Minutes:00}:{cpu.Seconds:00}";
}

/// <summary>moby's container.TopResponse.</summary>
internal sealed record ContainerTopResponse(IReadOnlyList<string> Titles, IReadOnlyList<string[]> Processes);
