namespace Dashboard.Engine.Spec.Oci;

/// <summary>Docker's hardening defaults: capabilities, masked and read-only paths, the device allow-list.</summary>
public static class LinuxDefaults
{
    /// <summary>Docker's default 14 capabilities (moby oci/caps/defaults.go).</summary>
    public static readonly IReadOnlyList<string> Capabilities =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ];

    /// <summary>Paths runc hides (a /dev/null bind for files, an empty read-only tmpfs for directories).
    /// Docker's list, including /proc/interrupts, which Docker added in 2025.</summary>
    public static readonly IReadOnlyList<string> MaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
        "/sys/devices/virtual/powercap",
    ];

    public static readonly IReadOnlyList<string> ReadonlyPaths =
        ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    /// <summary>
    /// The device cgroup: deny everything, then allow mknod of any node (opening it still needs the rules below)
    /// and read/write/mknod of the standard character devices. runc creates the nodes themselves.
    /// </summary>
    public static readonly IReadOnlyList<OciDeviceCgroup> Devices =
    [
        new(false, null, null, null, "rwm"),
        new(true, "c", null, null, "m"),
        new(true, "b", null, null, "m"),
        new(true, "c", 1, 3, "rwm"),    // /dev/null
        new(true, "c", 1, 5, "rwm"),    // /dev/zero
        new(true, "c", 1, 7, "rwm"),    // /dev/full
        new(true, "c", 1, 8, "rwm"),    // /dev/random
        new(true, "c", 1, 9, "rwm"),    // /dev/urandom
        new(true, "c", 5, 0, "rwm"),    // /dev/tty
        new(true, "c", 5, 1, "rwm"),    // /dev/console
        new(true, "c", 5, 2, "rwm"),    // /dev/ptmx
        new(true, "c", 136, null, "rwm"), // /dev/pts/*
    ];

    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>RLIMIT_NOFILE Docker/containerd give when the host allows it.</summary>
    public const ulong DefaultNofile = 1_048_576;
}
