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

    /// <summary>
    /// The capabilities a container can be given here, as Docker's GetAllCapabilities: those the running kernel knows
    /// (/proc/sys/kernel/cap_last_cap) and the daemon's own bounding set holds (/proc/self/status CapBnd): runc cannot
    /// grant what it does not have, e.g. CAP_SYS_RESOURCE inside a sandbox that dropped it.
    /// </summary>
    public static IReadOnlyList<string> Available(string capLastCapPath = "/proc/sys/kernel/cap_last_cap", string statusPath = "/proc/self/status")
    {
        IEnumerable<string> caps = All;
        try
        {
            var last = int.Parse(File.ReadAllText(capLastCapPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            caps = caps.Take(Math.Min(last + 1, All.Count));
            if (Bounding(File.ReadAllText(statusPath)) is { } bounding)
                caps = caps.Where((_, bit) => (bounding & (1UL << bit)) != 0);
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException or OverflowException)
        {
        }
        return caps.ToArray();
    }

    /// <summary>The CapBnd mask of a /proc/PID/status text, or null.</summary>
    public static ulong? Bounding(string status)
    {
        foreach (var line in status.Split('\n'))
            if (line.StartsWith("CapBnd:", StringComparison.Ordinal)
                && ulong.TryParse(line["CapBnd:".Length..].Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask))
                return mask;
        return null;
    }

    /// <summary>Docker's NormalizeLegacyCapabilities: upper case, "CAP_" added when missing, "ALL" kept.</summary>
    public static string Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (upper == "ALL") return upper;
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
    }
}
