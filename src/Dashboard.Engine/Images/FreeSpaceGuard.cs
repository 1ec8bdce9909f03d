namespace Dashboard.Engine.Images;

/// <summary>
/// Keeps one import or load from taking the DataRoot file system below <see cref="ImageLimits.FreeSpaceReserveBytes"/>.
/// It asks the file system (statvfs) at the start and again after every <see cref="Interval"/> bytes written, so
/// space used meanwhile by containers or other writers counts too; a file whose size is known up front is checked
/// before its first byte. One guard per operation; safe to share between the threads of one pull.
/// </summary>
internal sealed class FreeSpaceGuard(ImageLimits limits, string path, Func<string, long> availableBytes)
{
    public const long Interval = 8L << 20;
    private long _sinceCheck;

    /// <summary>Throws <see cref="ImageLimitExceededException"/> when writing <paramref name="upcoming"/> more bytes
    /// would leave less than the reserve.</summary>
    public void Check(long upcoming = 0)
    {
        Interlocked.Exchange(ref _sinceCheck, 0);
        if (limits.FreeSpaceReserveBytes <= 0) return;
        var available = availableBytes(path);
        if (available - upcoming < limits.FreeSpaceReserveBytes) throw limits.FreeSpaceLow(path, available);
    }

    /// <summary>Counts bytes about to be written; re-checks once enough have gone by since the last check.</summary>
    public void Writing(long bytes)
    {
        if (Interlocked.Add(ref _sinceCheck, bytes) >= Interval) Check();
    }
}
