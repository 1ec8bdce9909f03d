using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Web.DockerApi.Models;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.DockerApi;

/// <summary>/images/*: list, inspect, load (docker load), create (docker pull and docker import), remove.</summary>
internal static class ImageHandlers
{
    public static Task ListAsync(HttpContext context)
    {
        var images = ContainerHandlers.Images(context).List();
        var engine = ContainerHandlers.Engine(context);
        var containers = engine.List();
        var list = images
            .OrderByDescending(i => i.Created)
            .Select(i => new ImageSummary(
                Id: i.Id,
                ParentId: "",
                RepoTags: i.RepoTags,
                RepoDigests: [],
                Created: i.Created.ToUnixTimeSeconds(),
                Size: i.Size,
                SharedSize: -1,
                Labels: i.Config.Labels,
                Containers: containers.Count(c => c.ImageId == i.Id)))
            .ToList();
        return DockerJson.WriteAsync(context, list);
    }

    public static Task InspectAsync(HttpContext context)
    {
        var name = (string?)context.Request.RouteValues["name"] ?? "";
        if (!name.EndsWith("/json", StringComparison.Ordinal))
            throw NotImplementedRoutes.ForImageAction(context, name)
                ?? new DockerApiException(StatusCodes.Status404NotFound, "page not found");
        var image = ContainerHandlers.Images(context).Resolve(name[..^"/json".Length]);
        var c = image.Config;
        return DockerJson.WriteAsync(context, new ImageInspect(
            Id: image.Id,
            RepoTags: image.RepoTags,
            RepoDigests: [],
            Parent: "",
            Comment: image.Comment ?? "",
            Created: DockerTime.Rfc3339Nano(image.Created),
            DockerVersion: "",
            Author: "",
            Config: new ImageConfigModel(c.Cmd, c.Entrypoint, c.Env, c.WorkingDir ?? "", c.User ?? "", c.Labels, c.StopSignal),
            Architecture: image.Architecture,
            Os: image.Os,
            Size: image.Size,
            GraphDriver: new GraphDriverModel("overlay2", new Dictionary<string, string>()),
            RootFS: new RootFsModel("layers", image.Layers),
            Metadata: new ImageMetadataModel(DockerTime.Zero)));
    }

    /// <summary>docker load: the body is a docker-save or OCI-layout tar. The whole archive is processed before
    /// any byte is written, so a bad archive is a normal 400 rather than an in-stream error.</summary>
    public static async Task LoadAsync(HttpContext context)
    {
        ImageUploadBody.Accept(context);
        var loaded = await ContainerHandlers.Images(context).LoadAsync(context.Request.Body, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = DockerJson.ContentType;
        foreach (var image in loaded)
        {
            if (image.RepoTags.Count == 0)
                await DockerJson.WriteLineAsync(context, new JsonMessage(Stream: $"Loaded image ID: {image.Id}\n"));
            foreach (var tag in image.RepoTags)
                await DockerJson.WriteLineAsync(context, new JsonMessage(Stream: $"Loaded image: {tag}\n"));
        }
    }

    /// <summary>POST /images/create: fromImage pulls from a registry (<see cref="PullHandler"/>); fromSrc=- imports
    /// the body as a rootfs tar (docker import).</summary>
    public static async Task CreateAsync(HttpContext context)
    {
        var request = context.Request;
        var fromImage = DockerQuery.String(request, "fromImage");
        var fromSrc = DockerQuery.String(request, "fromSrc");
        var tag = DockerQuery.String(request, "tag");
        if (fromImage is not null)
        {
            await PullHandler.PullAsync(context, fromImage, tag);
            return;
        }
        if (fromSrc != "-")
            throw new DockerApiException(StatusCodes.Status400BadRequest,
                fromSrc is null
                    ? "either fromImage or fromSrc must be given"
                    : $"importing from a URL ({fromSrc}) is not supported; download the tarball and use \"docker import FILE\"");

        ImageUploadBody.Accept(context);
        var repo = DockerQuery.String(request, "repo");
        var name = repo is null ? null : tag is null ? repo : $"{repo}:{tag}";
        var image = await ContainerHandlers.Images(context).ImportAsync(request.Body, name, DockerQuery.String(request, "message"), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = DockerJson.ContentType;
        // moby's import stream ends with the new image id, which docker import prints.
        await DockerJson.WriteLineAsync(context, new JsonMessage(Status: image.Id));
    }

    /// <summary>POST /images/{name}/tag?repo=&amp;tag= (docker tag): 201 with no body, as Docker answers.</summary>
    public static async Task PostActionAsync(HttpContext context)
    {
        var name = (string?)context.Request.RouteValues["name"] ?? "";
        if (!name.EndsWith("/tag", StringComparison.Ordinal))
            throw NotImplementedRoutes.ForImageAction(context, name)
                ?? new DockerApiException(StatusCodes.Status404NotFound, "page not found");
        var repo = DockerQuery.String(context.Request, "repo");
        if (string.IsNullOrEmpty(repo))
            throw new DockerApiException(StatusCodes.Status400BadRequest, "repo is required: the new name, as in docker tag SOURCE NAME[:TAG]");
        var tag = DockerQuery.String(context.Request, "tag");
        var target = string.IsNullOrEmpty(tag) ? repo : $"{repo}:{tag}";
        await ContainerHandlers.Images(context).TagAsync(name[..^"/tag".Length], target, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status201Created;
    }

    public static async Task RemoveAsync(HttpContext context)
    {
        var name = (string?)context.Request.RouteValues["name"] ?? "";
        var results = await ContainerHandlers.Images(context).RemoveAsync(name, DockerQuery.Bool(context.Request, "force"), CancellationToken.None);
        await DockerJson.WriteAsync(context, results.Select(r => new ImageDeleteItem(r.Untagged, r.Deleted)).ToList());
    }
}
