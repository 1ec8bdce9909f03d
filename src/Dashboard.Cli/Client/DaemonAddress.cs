namespace Dashboard.Cli.Client;

/// <summary>Where the daemon listens: a unix socket path or an http base address. <see cref="Display"/> is how
/// error messages name it (the URL the user typed or would type).</summary>
public sealed record DaemonAddress(string? SocketPath, Uri? HttpBase, string Display)
{
    public const string EnvironmentVariable = "DASHBOARD_HOST";
    public const string DefaultSocket = "/run/dashboard/dashboard.sock";

    /// <summary>--host wins, then DASHBOARD_HOST, then the daemon's configured socket (Api:UnixSocket, see
    /// <see cref="ConfiguredSocket"/>), then the default. Like DOCKER_HOST, an empty value counts as unset.</summary>
    public static DaemonAddress Resolve(string? hostOption, Func<string, string?> environment, string? configuredSocket = null)
    {
        var raw = !string.IsNullOrWhiteSpace(hostOption) ? hostOption : environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(raw)) return Parse(raw.Trim());
        return Unix(string.IsNullOrWhiteSpace(configuredSocket) ? DefaultSocket : configuredSocket.Trim());
    }

    /// <summary>unix:///path, tcp://host:port, http://host:port, or a bare absolute socket path.</summary>
    public static DaemonAddress Parse(string raw)
    {
        if (raw.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = raw["unix://".Length..];
            if (!path.StartsWith('/'))
                throw new FormatException($"invalid host \"{raw}\": the socket path must be absolute, e.g. unix:///run/dashboard/dashboard.sock");
            return Unix(path);
        }
        if (raw.StartsWith('/')) return Unix(raw);
        foreach (var scheme in new[] { "tcp://", "http://" })
        {
            if (!raw.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) continue;
            var authority = raw[scheme.Length..].TrimEnd('/');
            if (authority.Length == 0 || authority.Contains('/') ||
                !Uri.TryCreate("http://" + authority + "/", UriKind.Absolute, out var uri) || uri.Port <= 0)
                throw new FormatException($"invalid host \"{raw}\": expected {scheme}HOST:PORT");
            return new DaemonAddress(null, uri, raw);
        }
        throw new FormatException($"invalid host \"{raw}\": use unix:///path/to/socket or tcp://host:port");
    }

    private static DaemonAddress Unix(string path) => new(path, null, "unix://" + path);
}
