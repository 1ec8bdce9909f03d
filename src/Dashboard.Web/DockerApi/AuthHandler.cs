using Dashboard.Engine.Registry;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.DockerApi;

/// <summary>POST /auth (docker login): checks the credentials against the registry and answers "Login Succeeded".
/// The daemon keeps nothing: the CLI stores the credentials and sends them with each pull (X-Registry-Auth).</summary>
internal static class AuthHandler
{
    private const int MaxBody = 64 * 1024;

    public static async Task LoginAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > MaxBody) throw new DockerApiException(StatusCodes.Status400BadRequest, "the login request body is too large");
        if (body.Length == 0) throw new DockerApiException(StatusCodes.Status400BadRequest, "the login request has no body: send {\"username\",\"password\",\"serveraddress\"}");
        var (credentials, server) = RegistryAuthHeader.Parse(body.ToArray(), "the login request");
        if (credentials is null || !credentials.HasPassword)
            throw new DockerApiException(StatusCodes.Status400BadRequest, "docker login needs a username and a password (identity tokens are not supported)");
        var puller = context.RequestServices.GetRequiredService<IImagePuller>();
        await puller.LoginAsync(string.IsNullOrEmpty(server) ? "docker.io" : server, credentials, context.RequestAborted);
        await DockerJson.WriteAsync(context, new AuthResponse("Login Succeeded"));
    }
}
