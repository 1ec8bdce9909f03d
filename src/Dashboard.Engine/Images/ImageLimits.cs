using Dashboard.Engine.Configuration;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Images;

/// <summary>
/// The limits on image imports and loads (the Engine:Image* settings), parsed once. They keep a huge upload, or a
/// small one that expands hugely (a gzip bomb), from filling the DataRoot file system. 0 turns a limit off.
/// Each refusal names the limit, its value and the setting that raises it, since the person who hits it is
/// often not the one who configured it.
/// </summary>
public sealed record ImageLimits(long MaxUploadBytes, long MaxUnpackedBytes, int MaxEntries, long FreeSpaceReserveBytes)
{
    public const string MaxUploadSizeKey = "Engine:ImageMaxUploadSize";
    public const string MaxUnpackedSizeKey = "Engine:ImageMaxUnpackedSize";
    public const string MaxEntriesKey = "Engine:ImageMaxEntries";
    public const string FreeSpaceReserveKey = "Engine:ImageFreeSpaceReserve";

    /// <summary>Parses the settings; throws <see cref="ValidationException"/> naming each bad one.</summary>
    public static ImageLimits From(EngineOptions options)
    {
        var errors = new List<FieldError>();
        long Size(string key, string text)
        {
            if (ByteSize.TryParse(text, out var bytes, out var error)) return bytes;
            errors.Add(new FieldError(key, $"{key} is \"{text}\" ({error}); use a size like \"32GiB\" or \"500MiB\", or 0 for no limit."));
            return 0;
        }
        var limits = new ImageLimits(
            Size(MaxUploadSizeKey, options.ImageMaxUploadSize),
            Size(MaxUnpackedSizeKey, options.ImageMaxUnpackedSize),
            options.ImageMaxEntries,
            Size(FreeSpaceReserveKey, options.ImageFreeSpaceReserve));
        if (options.ImageMaxEntries < 0)
            errors.Add(new FieldError(MaxEntriesKey, $"{MaxEntriesKey} is {options.ImageMaxEntries}; use a positive count, or 0 for no limit."));
        if (errors.Count > 0) throw new ValidationException(errors);
        return limits;
    }

    /// <summary>Refuses an upload whose length is known before it is read (a Content-Length, a browser file's size),
    /// so nothing is spooled. Unknown lengths (chunked bodies) are counted as they are read instead.</summary>
    public void CheckUploadLength(long? length)
    {
        if (length is { } n && MaxUploadBytes > 0 && n > MaxUploadBytes) throw UploadTooLarge(decompressed: false);
    }

    internal ImageLimitExceededException UploadTooLarge(bool decompressed) => new(MaxUploadSizeKey,
        decompressed
            ? $"the archive expands to more than {Human(MaxUploadBytes)} when decompressed, over the upload limit; raise {MaxUploadSizeKey} to accept it"
            : $"the archive is larger than {Human(MaxUploadBytes)}, the upload limit; raise {MaxUploadSizeKey} to accept it",
        uploadTooLarge: !decompressed);

    internal ImageLimitExceededException UnpackedTooLarge() => new(MaxUnpackedSizeKey,
        $"the image unpacks to more than {Human(MaxUnpackedBytes)}, the limit per image; raise {MaxUnpackedSizeKey} to accept it");

    internal ImageLimitExceededException TooManyEntries() => new(MaxEntriesKey,
        $"the image has more than {MaxEntries} files, directories and links, the limit per image; raise {MaxEntriesKey} to accept it");

    internal ImageLimitExceededException FreeSpaceLow(string path, long available) => new(FreeSpaceReserveKey,
        $"not enough disk space: storing the image would leave less than {Human(FreeSpaceReserveBytes)} free on the file system of " +
        $"{path} ({Human(available)} available), the reserve set by {FreeSpaceReserveKey}; free some space (remove unused images " +
        $"and containers) or lower {FreeSpaceReserveKey}");

    /// <summary>"32GiB"; with the exact byte count when the short form rounds.</summary>
    private static string Human(long bytes)
    {
        var text = ByteSize.Format(bytes);
        return ByteSize.TryParse(text, out var back, out _) && back == bytes ? text : $"{text} ({bytes} bytes)";
    }
}
