using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Dashboard.Engine.Registry;

/// <summary>One base URL a registry can be reached at. <paramref name="Insecure"/>: TLS is not verified (or there is
/// none, for http://).</summary>
internal sealed record RegistryEndpoint(Uri BaseUri, bool Insecure, bool IsMirror);

/// <summary>
/// Where a registry host is reached, in the order Docker tries: docker.io's mirrors then Docker Hub itself; for other
/// hosts https, then plain http when the registry is insecure (configured, or loopback).
/// </summary>
internal static class RegistryEndpoints
{
    public const string DockerHubHost = "docker.io";
    private static readonly Uri DockerHubApi = new("https://registry-1.docker.io");

    public static IReadOnlyList<RegistryEndpoint> For(string registry, RegistryOptions options)
    {
        var host = NormaliseHost(registry);
        if (host == DockerHubHost)
        {
            var list = options.Mirrors.Select(m => new Uri(m.TrimEnd('/')))
                .Select(u => new RegistryEndpoint(u, u.Scheme == "http" || IsInsecure(u.Authority, options), IsMirror: true)).ToList();
            list.Add(new RegistryEndpoint(DockerHubApi, false, IsMirror: false));
            return list;
        }
        var insecure = IsInsecure(host, options);
        var endpoints = new List<RegistryEndpoint> { new(new Uri($"https://{host}"), insecure, false) };
        if (insecure) endpoints.Add(new RegistryEndpoint(new Uri($"http://{host}"), true, false));
        return endpoints;
    }

    /// <summary>"https://index.docker.io/v1/", "docker.io", "registry-1.docker.io" are all Docker Hub; a URL's scheme
    /// and path are dropped ("http://127.0.0.1:5000/v2/" is "127.0.0.1:5000").</summary>
    public static string NormaliseHost(string serverAddress)
    {
        var host = serverAddress.Trim();
        if (host.Contains("://", StringComparison.Ordinal)) host = new Uri(host).Authority;
        host = host.Split('/')[0];
        return host is "" or "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" ? DockerHubHost : host;
    }

    public static bool IsInsecure(string hostAndPort, RegistryOptions options)
    {
        if (options.InsecureRegistries.Any(r => string.Equals(r, hostAndPort, StringComparison.OrdinalIgnoreCase))) return true;
        var host = HostPart(hostAndPort);
        if (options.InsecureRegistries.Any(r => string.Equals(r, host, StringComparison.OrdinalIgnoreCase))) return true;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static string HostPart(string hostAndPort)
    {
        if (hostAndPort.StartsWith('['))
            return hostAndPort[1..hostAndPort.IndexOf(']', StringComparison.Ordinal)];
        var colon = hostAndPort.LastIndexOf(':');
        return colon > 0 ? hostAndPort[..colon] : hostAndPort;
    }

    /// <summary>The HTTP handler for one endpoint: redirects followed (blob stores; .NET drops the Authorization header
    /// on a redirect), TLS verified against the system CAs plus the registry's own from the certificates directory,
    /// or not at all for an insecure registry.</summary>
    public static SocketsHttpHandler Handler(RegistryEndpoint endpoint, RegistryOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            UseCookies = false,
        };
        var extra = ExtraCertificates(endpoint.BaseUri.Authority, options);
        if (endpoint.Insecure)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        else if (extra.Count > 0)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => Trusted(cert, errors, extra);
        return handler;
    }

    private static X509Certificate2Collection ExtraCertificates(string authority, RegistryOptions options)
    {
        var collection = new X509Certificate2Collection();
        if (string.IsNullOrEmpty(options.CertificatesDirectory)) return collection;
        var dir = Path.Combine(options.CertificatesDirectory, authority);
        if (!Directory.Exists(dir)) return collection;
        foreach (var file in Directory.EnumerateFiles(dir, "*.crt")) collection.ImportFromPemFile(file);
        return collection;
    }

    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection extra)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)) return false;
        // The name must still match; only the chain may end in one of the registry's own CAs.
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(extra);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
