namespace Dashboard.Engine.IntegrationTests;

/// <summary>
/// Real-container tests need root, runc, conmon and overlayfs. On a laptop without them the tests return early
/// (xunit 2 has no runtime skip); under CI=true a missing prerequisite fails the test loudly instead.
/// </summary>
public static class Prerequisites
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Missing()
    {
        if (Environment.UserName != "root" && geteuid() != 0) return "not running as root";
        foreach (var tool in new[] { "runc", "conmon" })
            if (!OnPath(tool)) return $"{tool} is not installed (run docker-less-setup/install.sh)";
        if (!File.ReadAllText("/proc/filesystems").Contains("overlay")) return "overlayfs is not available";
        if (!File.Exists("/bin/busybox")) return "busybox-static is not installed";
        return null;
    }

    /// <summary>True when the test may run; false (skip) outside CI; throws in CI.</summary>
    public static bool Check()
    {
        var missing = Missing();
        if (missing is null) return true;
        if (InCi) throw new InvalidOperationException($"Integration prerequisite missing in CI: {missing}");
        return false;
    }

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Concat(["/usr/sbin", "/sbin", "/usr/libexec/podman"])
            .Any(dir => File.Exists(Path.Combine(dir, tool)));

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
