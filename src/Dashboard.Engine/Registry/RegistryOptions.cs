namespace Dashboard.Engine.Registry;

/// <summary>
/// How the daemon reaches registries (Engine:Registry in configuration). Credentials are never configured here: they
/// arrive with each request (X-Registry-Auth) and are not stored.
/// </summary>
public sealed class RegistryOptions
{
    /// <summary>Mirrors tried in order before Docker Hub for docker.io images, as base URLs ("https://mirror.example",
    /// "http://10.0.0.5:5000"). A mirror that fails or lacks the image falls through to the next, then to Docker Hub.</summary>
    public List<string> Mirrors { get; set; } = [];

    /// <summary>Registries ("host" or "host:port") reached over plain HTTP or TLS without verification, like
    /// Docker's insecure-registries. Loopback hosts (localhost, 127.0.0.0/8, ::1) are always insecure, as in Docker.</summary>
    public List<string> InsecureRegistries { get; set; } = [];

    /// <summary>Extra CA certificates per registry, in Docker's layout: DIR/host[:port]/*.crt are trusted for that
    /// registry in addition to the system's CAs.</summary>
    public string CertificatesDirectory { get; set; } = "/etc/dashboard/certs.d";

    /// <summary>Layers downloaded at once, over all pulls (Docker's max-concurrent-downloads).</summary>
    public int MaxConcurrentDownloads { get; set; } = 3;
}
