using System.Globalization;

namespace Dashboard.Engine.Cgroups;

/// <summary>
/// The limit files the namespace inspector shows for a container (<see cref="ContainerCgroup.ReadLimitFiles"/>), and
/// what a raw value in one of them means: the kernel's ways of writing "no limit", and which files hold bytes.
/// </summary>
public static class CgroupLimitFile
{
    /// <summary>v1 limit files and the controller whose hierarchy holds each.</summary>
    internal static readonly (string Controller, string File)[] V1 =
    [
        ("cpu", CgroupFiles.V1.CpuQuota), ("cpu", CgroupFiles.V1.CpuPeriod), ("cpu", CgroupFiles.V1.CpuShares),
        ("cpuset", CgroupFiles.CpusetCpus), ("cpuset", CgroupFiles.CpusetMems),
        ("memory", CgroupFiles.V1.MemoryLimit), ("memory", CgroupFiles.V1.MemorySoftLimit), ("memory", CgroupFiles.V1.MemorySwapLimit),
        ("pids", CgroupFiles.PidsMax), ("blkio", CgroupFiles.V1.BlkioWeight),
    ];

    internal static readonly string[] V2 =
    [
        CgroupFiles.V2.CpuMax, CgroupFiles.V2.CpuWeight, CgroupFiles.CpusetCpus, CgroupFiles.CpusetMems,
        CgroupFiles.V2.MemoryMax, CgroupFiles.V2.MemoryHigh, CgroupFiles.V2.MemoryLow, CgroupFiles.V2.MemorySwapMax,
        CgroupFiles.PidsMax, CgroupFiles.V2.IoMax,
    ];

    private static readonly HashSet<string> ByteFiles = new(StringComparer.Ordinal)
    {
        CgroupFiles.V1.MemoryLimit, CgroupFiles.V1.MemorySoftLimit, CgroupFiles.V1.MemorySwapLimit,
        CgroupFiles.V2.MemoryMax, CgroupFiles.V2.MemoryHigh, CgroupFiles.V2.MemoryLow, CgroupFiles.V2.MemoryMin,
        CgroupFiles.V2.MemorySwapMax,
    };

    /// <summary>
    /// What a limit file's raw value means: <c>Unlimited</c> for the kernel's ways of saying so ("max" on v2, -1 for a
    /// v1 CFS quota, and v1's page-counter maximum for memory, 9223372036854771712); <c>Bytes</c> for a size in a file
    /// that holds one; neither for other values (weights, cpu lists, "QUOTA PERIOD").
    /// </summary>
    public static (bool Unlimited, long? Bytes) Describe(string file, string value)
    {
        var text = value.Trim();
        if (text is "max" or "-1") return (true, null);
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return (false, null);
        if ((ulong)number >= CgroupParsers.V1Unlimited) return (true, null);
        return (false, ByteFiles.Contains(file) ? number : null);
    }
}
