using System.Globalization;

namespace Dashboard.Engine.Spec;

/// <summary>Linux capability names (linux/capability.h) and Docker's spelling rules for --cap-add/--cap-drop.</summary>
public static class CapabilityNames
{
    /// <summary>Index = capability number, up to CAP_CHECKPOINT_RESTORE (40, Linux 5.9).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
        "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO",
        "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>The capabilities the running kernel has (/proc/sys/kernel/cap_last_cap), as Docker's
    /// GetAllCapabilities: a capability the kernel does not know cannot be granted.</summary>
    public static IReadOnlyList<string> OfKernel(string capLastCapPath = "/proc/sys/kernel/cap_last_cap")
    {
        try
        {
            var last = int.Parse(File.ReadAllText(capLastCapPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            return All.Take(Math.Min(last + 1, All.Count)).ToArray();
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException or OverflowException)
        {
            return All;
        }
    }

    /// <summary>Docker's NormalizeLegacyCapabilities: upper case, "CAP_" added when missing, "ALL" kept.</summary>
    public static string Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (upper == "ALL") return upper;
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
    }
}
