using Dashboard.Engine.Images;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.Hosting;

/// <summary>The request body of an image load or import, at both API edges (docker load/import, /api/images).</summary>
internal static class ImageUploadBody
{
    /// <summary>Lifts Kestrel's 30 MB default body limit, which image archives routinely exceed: the image service
    /// enforces Engine:ImageMaxUploadSize instead, counting chunked bodies (what the docker CLI sends) as they
    /// arrive. A Content-Length over that limit is refused (413) here, before a byte is read.</summary>
    public static void Accept(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = null;
        context.RequestServices.GetRequiredService<ImageLimits>().CheckUploadLength(context.Request.ContentLength);
    }
}
