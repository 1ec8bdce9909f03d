using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Engine.ContainerFiles;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.NativeApi;

/// <summary>
/// /api/containers/{ref}/archive?path=, the Docker API's cp verbs under the native API: HEAD says what the path is
/// (<see cref="PathStatDto"/>, base64 JSON in its header), GET sends it as a tar (the same header too), PUT extracts a
/// tar (plain or gzip) into the directory the path names (noOverwriteDirNonDir, copyUIDGID as at the Docker API) and
/// answers 204. dashctl cp is built on these.
/// </summary>
internal static class ContainerArchiveEndpoints
{
    /// <summary>An operator's both ways, reads included: a container's files can hold its secrets, which a viewer must not
    /// read. A copy out is audited though it changes nothing.</summary>
    public static void MapContainerArchiveEndpoints(this IEndpointRouteBuilder api)
    {
        const string archive = "/containers/{reference}/archive";
        var container = AuditTarget.Route("reference");
        api.MapMethods(archive, ["HEAD"], StatAsync).RequireRole(Roles.Operator);
        api.MapGet(archive, GetAsync).RequireRole(Roles.Operator).Audited("container.copy-out", container);
        api.MapPut(archive, PutAsync).RequireRole(Roles.Operator).Audited("container.copy-in", container);
    }

    private static async Task<IResult> StatAsync(string reference, HttpContext ctx)
    {
        var files = Files(ctx);
        var stat = await files.StatPathAsync(reference, Path(ctx), ctx.RequestAborted);
        ctx.Response.Headers[PathStatDto.HeaderName] = Encode(stat);
        return Results.Ok();
    }

    private static async Task<IResult> GetAsync(string reference, HttpContext ctx)
    {
        var files = Files(ctx);
        var ct = ctx.RequestAborted;
        await using var archive = await files.ArchivePathAsync(reference, Path(ctx), ct);
        ctx.Response.Headers[PathStatDto.HeaderName] = Encode(archive.Stat);
        ctx.Response.ContentType = "application/x-tar";
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await archive.WriteToAsync(ctx.Response.Body, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; nothing left to tell it.
        }
        return Results.Empty;
    }

    private static async Task<IResult> PutAsync(string reference, HttpContext ctx)
    {
        var files = Files(ctx);
        var q = new QueryReader(ctx.Request.Query);
        var options = new ExtractOptions(q.Bool("noOverwriteDirNonDir"), q.Bool("copyUIDGID"));
        var path = q.String("path") ?? "";
        q.ThrowIfInvalid();
        var limit = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false }) limit.MaxRequestBodySize = null;
        await files.ExtractToDirectoryAsync(reference, path, ctx.Request.Body, options, ctx.RequestAborted);
        return Results.NoContent();
    }

    // Resolved per request (not a handler parameter): a host without the engine still maps every route.
    private static IContainerFiles Files(HttpContext ctx) => ctx.RequestServices.GetRequiredService<IContainerFiles>();

    private static string Path(HttpContext ctx) => new QueryReader(ctx.Request.Query).String("path") ?? "";

    public static PathStatDto ToDto(PathStat stat) =>
        new(stat.Name, stat.Size, stat.Mode, PathStatDto.TypeOf(stat.Mode), stat.Mtime, stat.LinkTarget);

    private static string Encode(PathStat stat) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(ToDto(stat), ContractJson.Options));
}
