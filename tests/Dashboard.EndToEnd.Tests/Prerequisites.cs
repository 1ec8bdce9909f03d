namespace Dashboard.EndToEnd.Tests;

/// <summary>Browser tests need root (the real daemon runs containers), runc, conmon, busybox and Debian's Chromium.
/// Outside CI a missing piece skips the test (returns early); with CI=true it fails.</summary>
public static class Prerequisites
{
    public const string Chromium = "/usr/bin/chromium";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool Check()
    {
        var missing = Missing();
        if (missing is null) return true;
        if (InCi) throw new InvalidOperationException($"End-to-end prerequisite missing in CI: {missing}");
        return false;
    }

    private static string? Missing()
    {
        if (geteuid() != 0) return "not running as root";
        if (!File.Exists(Chromium)) return $"{Chromium} is not installed (docker-less-setup/install.sh --with-tests)";
        foreach (var tool in new[] { "/usr/sbin/runc", "/usr/bin/conmon", "/bin/busybox" })
            if (!File.Exists(tool) && !File.Exists(tool.Replace("/usr/sbin/", "/usr/bin/"))) return $"{tool} is not installed";
        return null;
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
