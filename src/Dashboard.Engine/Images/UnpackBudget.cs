namespace Dashboard.Engine.Images;

/// <summary>
/// What one image may add to the store: its layers' uncompressed tar bytes (headers, padding and trailing junk
/// included, so nothing read goes uncounted) up to <see cref="ImageLimits.MaxUnpackedBytes"/>, and its entries up to
/// <see cref="ImageLimits.MaxEntries"/>, all under the operation's <see cref="FreeSpaceGuard"/>. Layers already in the
/// store are not unpacked again and cost nothing.
/// </summary>
internal sealed class UnpackBudget(ImageLimits limits, FreeSpaceGuard space)
{
    private long _bytes;
    private long _entries;

    /// <summary>Called with each chunk of uncompressed tar read, before it is used: the read that crosses the limit
    /// is the last.</summary>
    public void Read(int bytes)
    {
        // A pull unpacks several layers of one image at once: the counts are shared across threads.
        if (limits.MaxUnpackedBytes > 0 && Interlocked.Add(ref _bytes, bytes) > limits.MaxUnpackedBytes) throw limits.UnpackedTooLarge();
        space.Writing(bytes);
    }

    public void Entry()
    {
        if (limits.MaxEntries > 0 && Interlocked.Increment(ref _entries) > limits.MaxEntries) throw limits.TooManyEntries();
    }

    /// <summary>A file's size is in its header: refuse one that cannot fit before reading any of its content.</summary>
    public void File(long length)
    {
        if (limits.MaxUnpackedBytes > 0 && Interlocked.Read(ref _bytes) + length > limits.MaxUnpackedBytes) throw limits.UnpackedTooLarge();
        // Small files are covered by the periodic check; a statvfs per file would cost more than it saves.
        if (length >= FreeSpaceGuard.Interval) space.Check(length);
    }
}
