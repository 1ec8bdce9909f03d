namespace Dashboard.Engine.Snapshots;

/// <summary>Builds the data string of an overlay mount(2). Pure, so the ordering rule is unit-tested.</summary>
public static class OverlayMountOptions
{
    /// <summary>The kernel reads mount data from one page.</summary>
    public const int MaxLength = 4095;

    /// <summary>
    /// "lowerdir=TOP:...:BOTTOM,upperdir=U,workdir=W". Images list layers bottom first, overlayfs wants the top
    /// first. Paths with ':' or ',' would be split by the kernel, so they are refused rather than escaped.
    /// A layer listed twice (real images repeat the empty layer) is kept only at its topmost position: overlayfs
    /// refuses duplicate lowerdirs (ELOOP), and the lower copy changes nothing because the upper one holds the
    /// same files and whiteouts.
    /// </summary>
    public static string Build(IReadOnlyList<string> lowerDirsBottomFirst, string upperDir, string workDir)
    {
        var options = BuildUnchecked(lowerDirsBottomFirst, upperDir, workDir);
        if (options.Length > MaxLength)
            throw new ArgumentException($"overlay mount options are {options.Length} bytes, over the kernel's {MaxLength}: too many layers or too long a data root");
        return options;
    }

    /// <summary>Like <see cref="Build"/> but without the length check, so a caller can try shorter paths.</summary>
    public static string BuildUnchecked(IReadOnlyList<string> lowerDirsBottomFirst, string upperDir, string workDir)
    {
        if (lowerDirsBottomFirst.Count == 0) throw new ArgumentException("overlay needs at least one lower directory", nameof(lowerDirsBottomFirst));
        foreach (var path in lowerDirsBottomFirst.Append(upperDir).Append(workDir))
        {
            if (!Path.IsPathRooted(path)) throw new ArgumentException($"overlay directory \"{path}\" must be absolute");
            if (path.IndexOfAny([':', ',', '\\']) >= 0)
                throw new ArgumentException($"overlay directory \"{path}\" contains ':', ',' or '\\', which overlay mount options cannot carry");
        }
        var topFirst = lowerDirsBottomFirst.Reverse().Distinct(StringComparer.Ordinal);
        return $"lowerdir={string.Join(':', topFirst)},upperdir={upperDir},workdir={workDir}";
    }
}
