using System.Globalization;
using System.Text.Json;
using Dashboard.Engine.ContainerFiles;
using Dashboard.Web.DockerApi.Models;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// docker cp: HEAD (the stat alone), GET (a tar of the path, with the stat) and PUT (a tar extracted into a directory)
/// on /containers/{id}/archive?path=. The copy itself is the engine's (<see cref="IContainerFiles"/>); this maps the
/// query and the stat header.
/// </summary>
internal static class ArchiveHandler
{
    public const string StatHeader = "X-Docker-Container-Path-Stat";

    public static async Task StatAsync(HttpContext context)
    {
        var stat = await Files(context).StatPathAsync(ContainerHandlers.Id(context), DockerQuery.String(context.Request, "path") ?? "", context.RequestAborted);
        context.Response.Headers[StatHeader] = EncodeStat(stat);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public static async Task GetAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        await using var archive = await Files(context).ArchivePathAsync(ContainerHandlers.Id(context), DockerQuery.String(context.Request, "path") ?? "", ct);
        context.Response.Headers[StatHeader] = EncodeStat(archive.Stat);
        context.Response.ContentType = "application/x-tar";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await archive.WriteToAsync(context.Response.Body, ct);
    }

    /// <summary>docker export: GET /containers/{id}/export, the container's root file system as a tar.</summary>
    public static async Task ExportAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        await using var export = await Files(context).ExportAsync(ContainerHandlers.Id(context), ct);
        context.Response.ContentType = "application/x-tar";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await export.WriteToAsync(context.Response.Body, ct);
    }

    public static async Task PutAsync(HttpContext context)
    {
        // The archive streams into the container as it arrives: no size limit here, as in Docker.
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false }) limit.MaxRequestBodySize = null;
        var request = context.Request;
        var options = new ExtractOptions(DockerQuery.Bool(request, "noOverwriteDirNonDir"), DockerQuery.Bool(request, "copyUIDGID"));
        await Files(context).ExtractToDirectoryAsync(ContainerHandlers.Id(context), DockerQuery.String(request, "path") ?? "",
            request.Body, options, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Base64 of the JSON, as moby writes the header.</summary>
    public static string EncodeStat(PathStat stat)
    {
        var model = new ContainerPathStatModel(stat.Name, stat.Size, GoFileMode.FromUnix(stat.Mode),
            stat.Mtime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture), stat.LinkTarget);
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(model, DockerJson.Options));
    }

    private static IContainerFiles Files(HttpContext context) => context.RequestServices.GetRequiredService<IContainerFiles>();
}
