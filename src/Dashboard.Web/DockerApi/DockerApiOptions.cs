using System.Reflection;

namespace Dashboard.Web.DockerApi;

/// <summary>Settings of the Docker-compatible API ("DockerApi" section); all have working defaults.</summary>
public sealed class DockerApiOptions
{
    public const string Section = "DockerApi";

    /// <summary>The daemon version reported by /version and in the Server header.</summary>
    public string ServerVersion { get; set; } = DefaultVersion();

    /// <summary>Stable daemon id for /info (Docker prints it as "ID").</summary>
    public string DaemonId { get; set; } = "DASHBOARD";

    /// <summary>The cgroup version whose stats shape /containers/{id}/stats imitates (1 or 2); null detects it
    /// from the host (a hybrid host counts as 1, as in moby).</summary>
    public int? CgroupVersion { get; set; }

    private static string DefaultVersion()
    {
        var info = typeof(DockerApiOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(info)) return "0.1.0";
        var plus = info.IndexOf('+');
        return plus > 0 ? info[..plus] : info;
    }
}
