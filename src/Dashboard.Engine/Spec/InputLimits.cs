namespace Dashboard.Engine.Spec;

/// <summary>
/// Caps on what one create request may store. Everything a container is created with lives in its database row, in
/// every list and inspect answer, and (labels) in every event about it, so nothing is unbounded. Docker has few
/// explicit limits; where the kernel or the runtime has one, the cap is that limit (a larger value would only fail
/// later, at start); elsewhere it is generous enough for real use (Compose, Traefik, devcontainer labels) and small
/// enough that one container cannot make the database or the event stream slow. Sizes are UTF-8 bytes.
/// </summary>
public static class InputLimits
{
    /// <summary>Container names: Docker has no explicit cap. 255 is the longest DNS name and file name (NAME_MAX), and
    /// more than any Compose-generated name ("project-service-1") needs.</summary>
    public const int MaxNameLength = 255;

    public const int MaxLabels = 256;
    public const int MaxLabelKeyBytes = 1024;
    /// <summary>Room for JSON metadata labels such as devcontainer.metadata.</summary>
    public const int MaxLabelValueBytes = 32 * 1024;
    /// <summary>Keys and values together: every event about the container carries them.</summary>
    public const int MaxLabelsTotalBytes = 64 * 1024;

    public const int MaxEnvEntries = 4096;
    /// <summary>One argument or environment entry: the kernel's MAX_ARG_STRLEN (32 pages); execve refuses longer.</summary>
    public const int MaxArgumentBytes = 128 * 1024;
    /// <summary>All env entries together. With <see cref="MaxArgumentsTotalBytes"/> this stays at half of what execve
    /// takes under the default 8 MiB stack limit (2 MiB), leaving room for the image's own Env and Cmd.</summary>
    public const int MaxEnvTotalBytes = 512 * 1024;
    /// <summary>Entrypoint and Cmd together, in arguments.</summary>
    public const int MaxArguments = 4096;
    public const int MaxArgumentsTotalBytes = 512 * 1024;

    /// <summary>Working directory and bind paths: PATH_MAX (4096 with the terminating NUL).</summary>
    public const int MaxPathBytes = 4095;
    public const int MaxBinds = 256;

    /// <summary>Short values (sizes, CPU counts, policies, signals, modes): long enough for any valid one.</summary>
    public const int MaxQuantityLength = 64;
    /// <summary>--cpuset-cpus lists; ranges ("0-127") keep any real one short.</summary>
    public const int MaxCpusetLength = 1024;
    /// <summary>--network/--pid/--ipc values: "container:" and a name.</summary>
    public const int MaxModeLength = 10 + MaxNameLength;
    /// <summary>An image reference: a name of at most 255 characters (distribution's rule), a tag and a digest.</summary>
    public const int MaxImageLength = 512;
    public const int MaxUserLength = 256;
    public const int MaxHostnameInputLength = 255;

    /// <summary>--memory and --memory-swap: 2^63 - 4 KiB, the largest limit the kernel stores with 4 KiB pages (it reads
    /// it as no limit). runc update parses sizes as float64, which turns anything closer to 2^63 into a negative
    /// number the kernel refuses.</summary>
    public const long MaxMemoryBytes = long.MaxValue / 4096 * 4096;

    /// <summary>pids.max above the kernel's PID_MAX_LIMIT (4194304 on 64-bit) is refused by the kernel (EINVAL).</summary>
    public const long MaxPidsLimit = 4_194_304;
    /// <summary>cpu.cfs_quota_us above 2^44-1 µs is refused by the kernel (max_cfs_runtime, EINVAL).</summary>
    public const long MaxCpuQuota = (1L << 44) - 1;
    /// <summary>The longest wait a .NET timer arms (uint.MaxValue - 1 ms, about 49.7 days); -1 waits forever.</summary>
    public const int MaxStopTimeoutSeconds = 4_294_967;

    /// <summary>A whole create or update request body at the API edges (413 above it).</summary>
    public const int MaxRequestBodyBytes = 4 * 1024 * 1024;
}
