using System.Runtime.InteropServices;

namespace Dashboard.Engine.Hosting;

/// <summary>The daemon's own hard rlimits: a container may never ask for more (runc would fail, and on this
/// class of machine the hard open-files limit is 20000).</summary>
public static partial class HostResourceLimits
{
    private const int RlimitNofile = 7;
    private const int RlimitNproc = 6;
    private const ulong Infinity = ulong.MaxValue;

    public static ulong NofileHard() => Hard(RlimitNofile) ?? 1_048_576;

    /// <summary>null when unlimited.</summary>
    public static ulong? NprocHard() => Hard(RlimitNproc);

    private static ulong? Hard(int resource)
    {
        if (getrlimit(resource, out var limit) != 0) return null;
        return limit.Max == Infinity ? null : limit.Max;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out RLimit limit);
}
