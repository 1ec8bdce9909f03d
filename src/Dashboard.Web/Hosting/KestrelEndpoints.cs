using System.Net;
using Dashboard.Web.Access;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// Binds both the TCP URLs (default 127.0.0.1:5080) and the unix socket, each tagged with its <see cref="Listener"/>. Kestrel ignores "Urls" once any
/// endpoint is configured in code, so the URLs are parsed and bound here too. Both are read when Kestrel starts,
/// from the validated settings, so a host composed for a test binds what its configuration says.
/// </summary>
internal static class KestrelEndpoints
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var urls = configuration["Urls"] ?? "http://127.0.0.1:5080";
        // Bound below in code; leaving the setting would make Kestrel warn that it overrides it.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, string.Empty);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Kestrel is configured when the app is built; invalid settings are reported by the start's check
            // (ValidateOnStart, DashboardApp.RunAsync), which runs before anything listens.
            ApiOptions api;
            try { api = kestrel.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value; }
            catch (Exception e) when (e is OptionsValidationException or InvalidOperationException) { return; }
            // UseSetting above emptied "Urls" (keys ignore case); a value set after it (a test's hook) still counts.
            if (configuration["Urls"] is { Length: > 0 } late) urls = late;
            kestrel.AddServerHeader = false; // the Docker API sets its own Server header
            // JSON bodies are small; image uploads lift the limit per request (ImageUploadBody) and are bounded by
            // Engine:ImageMaxUploadSize instead.
            kestrel.Limits.MaxRequestBodySize = JsonRequestBody.Limit;
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var uri = new Uri(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"));
                if (uri.Host is "localhost") kestrel.ListenLocalhost(uri.Port, l => l.Tag(Listener.Tcp));
                else kestrel.Listen(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port, l => l.Tag(Listener.Tcp));
            }
            if (!string.IsNullOrWhiteSpace(api.UnixSocket))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(api.UnixSocket)!);
                if (File.Exists(api.UnixSocket)) File.Delete(api.UnixSocket); // stale from a crash
                // Tagged: its connections authenticate as the socket's admin (Access/UnixSocketAuthenticationHandler.cs).
                kestrel.ListenUnixSocket(api.UnixSocket, l => l.Tag(Listener.UnixSocket));
            }
        });
    }

    /// <summary>Kestrel creates the socket with the process umask; tighten it as soon as it exists.</summary>
    public static void ProtectSocket(ApiOptions api, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(api.UnixSocket) || !File.Exists(api.UnixSocket)) return;
        var mode = ApiOptionsValidator.ParseMode(api.UnixSocketMode)!.Value; // validated at start
        File.SetUnixFileMode(api.UnixSocket, mode);
        if (!string.IsNullOrWhiteSpace(api.UnixSocketGroup))
        {
            var result = System.Diagnostics.Process.Start("chgrp", [api.UnixSocketGroup, api.UnixSocket]);
            result?.WaitForExit();
        }
        logger.LogInformation("API listening on unix://{Socket} (mode {Mode})", api.UnixSocket, api.UnixSocketMode);
    }
}
