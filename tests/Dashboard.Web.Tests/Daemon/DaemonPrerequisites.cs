namespace Dashboard.Web.Tests.Daemon;

/// <summary>Tests against the real daemon need root, runc, conmon, overlayfs and the docker CLI binary. Outside CI
/// they return early when something is missing; under CI=true a missing prerequisite fails loudly.</summary>
public static class DaemonPrerequisites
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool Check(bool needsDockerCli = false)
    {
        var missing = Missing(needsDockerCli);
        if (missing is null) return true;
        if (InCi) throw new InvalidOperationException($"Daemon test prerequisite missing in CI: {missing}");
        return false;
    }

    private static string? Missing(bool needsDockerCli)
    {
        if (geteuid() != 0) return "not running as root";
        foreach (var tool in needsDockerCli ? new[] { "runc", "conmon", "docker" } : ["runc", "conmon"])
            if (Find(tool) is null) return $"{tool} is not installed";
        return File.Exists("/bin/busybox") ? null : "busybox-static is not installed";
    }

    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Concat(["/usr/local/bin", "/usr/bin", "/usr/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
