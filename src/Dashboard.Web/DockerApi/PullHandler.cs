using System.Threading.Channels;
using Dashboard.Engine.Registry;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// POST /images/create?fromImage=: docker pull, and the pull docker run/create trigger after a 404 "No such image".
/// Errors before the first progress line (not found, unauthorised, unreachable) are plain HTTP errors; later ones end
/// the stream with an error message, as moby does. The client going away cancels the pull.
/// </summary>
internal static class PullHandler
{
    public static async Task PullAsync(HttpContext context, string fromImage, string? tag)
    {
        var request = context.Request;
        if (tag is null && !fromImage.Contains('@') && !HasTag(fromImage))
            throw new DockerApiException(StatusCodes.Status400BadRequest,
                "pulling all tags of a repository (docker pull -a) is not supported; name a tag or digest");
        var reference = tag is null ? fromImage
            : tag.StartsWith("sha256:", StringComparison.Ordinal) ? $"{fromImage}@{tag}" : $"{fromImage}:{tag}";
        var credentials = RegistryAuthHeader.Read(request);
        var platform = DockerQuery.String(request, "platform");
        var puller = context.RequestServices.GetRequiredService<IImagePuller>();

        var lines = Channel.CreateUnbounded<PullProgress>(new UnboundedChannelOptions { SingleReader = true });
        var pull = Task.Run(() => puller.PullAsync(reference, string.IsNullOrEmpty(platform) ? null : platform, credentials,
            p => lines.Writer.TryWrite(p), context.RequestAborted));
        _ = pull.ContinueWith(_ => lines.Writer.TryComplete(), TaskScheduler.Default);

        // Nothing is written until the pull has resolved the image (first progress line) or failed.
        if (!await lines.Reader.WaitToReadAsync(context.RequestAborted))
        {
            await pull; // throws the error as a normal HTTP error
            return;
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = DockerJson.ContentType;
        while (await lines.Reader.WaitToReadAsync(context.RequestAborted))
        {
            while (lines.Reader.TryRead(out var line)) await DockerJson.WriteLineAsync(context, ToMessage(line));
        }
        try
        {
            await pull;
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            await DockerJson.WriteLineAsync(context, new PullMessage(ErrorDetail: new JsonErrorDetail(e.Message), Error: e.Message));
        }
    }

    private static bool HasTag(string name)
    {
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/');
    }

    private static PullMessage ToMessage(PullProgress p) => new(
        Status: p.Status,
        Id: p.Id,
        ProgressDetail: p.Current is { } current ? new ProgressDetail(current, p.Total is > 0 ? p.Total : null) : null);
}
