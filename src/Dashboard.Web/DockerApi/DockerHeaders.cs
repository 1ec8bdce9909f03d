using Microsoft.Extensions.Options;

namespace Dashboard.Web.DockerApi;

/// <summary>The headers moby's version middleware puts on every response; clients read them on /_ping.</summary>
internal static class DockerHeaders
{
    public static void Apply(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<DockerApiOptions>>().Value;
        var headers = context.Response.Headers;
        // Always send Api-Version: without it CLI v29.1+ assumes its own maximum.
        headers["Api-Version"] = DockerApiVersion.Current;
        headers["Ostype"] = "linux";
        headers["Server"] = $"Docker/{options.ServerVersion} (linux)";
        headers["Docker-Experimental"] = "false";
    }
}
