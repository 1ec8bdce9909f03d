using Dashboard.Contracts;
using Dashboard.Contracts.Images;
using Dashboard.Engine.Images;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.NativeApi;

/// <summary>/api/images: list, import a rootfs tarball, load a docker-save / OCI archive, remove.</summary>
internal static class ImageEndpoints
{
    public static void MapImageEndpoints(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/images").RequireRole(Roles.Viewer);
        var act = api.MapGroup("/images").RequireRole(Roles.Operator);
        read.MapGet("", (IImageService images) =>
            Results.Json(images.List().OrderByDescending(i => i.Created).Select(ImageMapper.ToDto).ToArray(), ContractJson.Options));
        act.MapPost("/import", async (HttpContext ctx, IImageService images) =>
        {
            var q = new QueryReader(ctx.Request.Query);
            var reference = q.String("reference");
            var message = q.String("message");
            q.ThrowIfInvalid();
            ImageUploadBody.Accept(ctx);
            var image = await images.ImportAsync(ctx.Request.Body, reference, message, ctx.RequestAborted);
            return Results.Json(ImageMapper.ToDto(image), ContractJson.Options, statusCode: StatusCodes.Status201Created);
        }).Audited("image.import", AuditTarget.Query("reference"));
        act.MapPost("/load", async (HttpContext ctx, IImageService images) =>
        {
            ImageUploadBody.Accept(ctx);
            var loaded = await images.LoadAsync(ctx.Request.Body, ctx.RequestAborted);
            return Results.Json(loaded.Select(ImageMapper.ToDto).ToArray(), ContractJson.Options);
        }).Audited("image.load");
        // Catch-all: references like docker.io/library/busybox:latest contain slashes.
        act.MapDelete("/{**reference}", async (string reference, HttpContext ctx, IImageService images) =>
        {
            var q = new QueryReader(ctx.Request.Query);
            var force = q.Bool("force");
            q.ThrowIfInvalid();
            var removed = await images.RemoveAsync(reference, force, ctx.RequestAborted);
            return Results.Json(removed.Select(r => new ImageDeleteDto(r.Untagged, r.Deleted)).ToArray(), ContractJson.Options);
        }).Audited("image.remove", AuditTarget.Route("reference"));
    }
}
