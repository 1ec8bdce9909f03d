namespace Dashboard.Web.Hosting;

/// <summary>The "Api" configuration section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The trusted local endpoint for the docker CLI and dashctl; access is controlled by file mode.</summary>
    public string UnixSocket { get; set; } = "/run/dashboard/dashboard.sock";

    /// <summary>Octal file mode of the socket, like Docker's 0660 root:docker.</summary>
    public string UnixSocketMode { get; set; } = "0660";

    /// <summary>Serve GET /metrics on the TCP listener too, for a Prometheus that cannot read the socket. Read-only,
    /// but it reveals container names and images, so it is off by default.</summary>
    public bool MetricsOverTcp { get; set; }

    /// <summary>Group that owns the socket (like Docker's "docker" group); empty keeps root's group.</summary>
    public string? UnixSocketGroup { get; set; }
}
