using System.Globalization;

namespace Dashboard.Web.DockerApi;

/// <summary>POST /containers/{id}/resize and /exec/{id}/resize?h=ROWS&amp;w=COLUMNS: the terminal's new size, sent by
/// the docker CLI at the start of a -t session and on every SIGWINCH.</summary>
internal static class ResizeHandler
{
    public static async Task ResizeContainerAsync(HttpContext context)
    {
        var (height, width) = Size(context.Request);
        await ContainerHandlers.Engine(context).ResizeAsync(ContainerHandlers.Id(context), height, width, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>h and w as moby parses them: unsigned numbers; here at most 65535 (a terminal's size is 16 bits).</summary>
    internal static (ushort Height, ushort Width) Size(HttpRequest request) => (Dimension(request, "h"), Dimension(request, "w"));

    private static ushort Dimension(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        return ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DockerApiException(StatusCodes.Status400BadRequest,
                $"invalid value for {name}: \"{text}\": give the terminal's {(name == "h" ? "height (rows)" : "width (columns)")} as a number from 0 to 65535");
    }
}
