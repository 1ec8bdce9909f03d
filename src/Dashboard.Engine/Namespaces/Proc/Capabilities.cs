using System.Globalization;

namespace Dashboard.Engine.Namespaces.Proc;

/// <summary>Capability numbers to names (linux/capability.h), for decoding the CapEff mask of /proc/PID/status.</summary>
internal static class Capabilities
{
    /// <summary>Index = capability number. Kernels newer than this table report higher bits as CAP_N.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
        "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO",
        "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>The names of the bits set in a hex mask such as "00000000a80425fb", lowest number first. An
    /// unparsable mask gives no names.</summary>
    public static IReadOnlyList<string> Decode(string hexMask)
    {
        if (!ulong.TryParse(hexMask.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask)) return [];
        var names = new List<string>();
        for (var bit = 0; bit < 64; bit++)
        {
            if ((mask & (1UL << bit)) == 0) continue;
            names.Add(bit < Names.Count ? Names[bit] : $"CAP_{bit}");
        }
        return names;
    }
}
