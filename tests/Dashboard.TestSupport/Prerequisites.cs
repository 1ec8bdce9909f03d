using System.Runtime.InteropServices;

namespace Dashboard.TestSupport;

/// <summary>
/// What a test needs from the host. <see cref="Require"/> is the one rule: with everything there it returns; when
/// something is missing the test is reported skipped, with the reason, on a developer's machine, and fails under
/// CI=true, where a missing prerequisite is an error, never a silent skip. Tests that call it are
/// [SkippableFact]/[SkippableTheory] (Xunit.SkippableFact), which turn the skip into xunit's "skipped" result.
/// </summary>
public static class Prerequisites
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns when <paramref name="missing"/> is null; otherwise skips the test, or fails it under CI=true.</summary>
    /// <param name="what">Which kind of test, for the message ("integration", "daemon", "browser").</param>
    /// <exception cref="SkipException">Outside CI.</exception>
    /// <exception cref="PrerequisiteMissingException">Under CI=true.</exception>
    public static void Require(string? missing, string what = "this")
    {
        if (missing is null) return;
        if (InCi) throw new PrerequisiteMissingException($"CI=true and a prerequisite of {what} test is missing: {missing}");
        throw new SkipException($"{missing} ({what} test; with CI=true this is a failure)");
    }

    /// <summary>Null when the process is root.</summary>
    public static string? Root() => geteuid() == 0 ? null : "not running as root";

    /// <summary>Null when <paramref name="tool"/> is on PATH or in the usual sbin and libexec directories.</summary>
    public static string? Tool(string tool) =>
        Find(tool) is null ? $"{tool} is not installed (docker-less-setup/install.sh installs it)" : null;

    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/bin", "/usr/bin", "/usr/sbin", "/sbin", "/usr/libexec/podman"])
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>Container networks: netavark and aardvark-dns (Debian installs them in /usr/lib/podman) and iptables.</summary>
    public static string? Networks() =>
        (File.Exists("/usr/lib/podman/netavark") || File.Exists("/usr/libexec/podman/netavark") ? null : "netavark is not installed (docker-less-setup/install.sh installs it)")
        ?? (File.Exists("/usr/lib/podman/aardvark-dns") || File.Exists("/usr/libexec/podman/aardvark-dns") ? null : "aardvark-dns is not installed (docker-less-setup/install.sh installs it)")
        ?? Tool("iptables");

    public static string? Overlay() =>
        File.ReadAllText("/proc/filesystems").Contains("\toverlay\n") ? null : "overlayfs is not available (modprobe overlay)";

    public static string? Busybox() => File.Exists("/bin/busybox") ? null : "busybox-static is not installed";

    /// <summary>Real containers: root, runc, conmon, overlayfs and the static busybox.</summary>
    public static string? Containers() => Root() ?? Tool("runc") ?? Tool("conmon") ?? Overlay() ?? Busybox();

    [DllImport("libc")]
    private static extern uint geteuid();
}

/// <summary>A test prerequisite is missing under CI=true: a failure, never a skip.</summary>
public sealed class PrerequisiteMissingException(string message) : Exception(message);
