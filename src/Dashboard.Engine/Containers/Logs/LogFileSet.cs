using System.Globalization;
using System.Runtime.InteropServices;
using Dashboard.Engine.Interop;

#pragma warning disable CA1416 // the engine runs on Linux only

namespace Dashboard.Engine.Containers.Logs;

/// <summary>
/// The files of one container's log: ctr.log, which conmon writes, and the rotated files ctr.log.1, ctr.log.2, ...
/// (higher numbers are newer). With a size limit conmon starts a new ctr.log when the current one is full: it
/// creates ctr.log.tmp and renames it over ctr.log, which would drop the full file. So the file being written is
/// always also linked under the next number: the rename then only removes one of its two names, and the full
/// file stays as ctr.log.N while <see cref="Sync"/> links the new one as N+1 and deletes all but the newest files.
/// Readers never need the daemon's help: they list the numbered files and add ctr.log when it is not linked yet.
/// </summary>
internal sealed class LogFileSet(string logPath)
{
    private const int MaxLinkAttempts = 8;
    private static readonly EnumerationOptions s_simpleMatch = new() { MatchType = MatchType.Simple, MatchCasing = MatchCasing.CaseSensitive };

    /// <summary>The file conmon writes (ctr.log).</summary>
    public string CurrentPath { get; } = logPath;

    private string Directory => Path.GetDirectoryName(CurrentPath)!;
    private string Prefix => Path.GetFileName(CurrentPath) + ".";

    public string RotatedPath(long sequence) => CurrentPath + "." + sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>The numbered files, oldest first. Names that are not a number (conmon's ctr.log.tmp) are not log files.</summary>
    public List<(long Sequence, string Path)> Rotated()
    {
        var result = new List<(long, string)>();
        try
        {
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory, Prefix + "*", s_simpleMatch))
            {
                var name = Path.GetFileName(path.AsSpan());
                if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
                var suffix = name[Prefix.Length..];
                if (suffix.Length is > 0 and <= 18 && !suffix.ContainsAnyExceptInRange('0', '9')
                    && long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                    result.Add((sequence, path));
            }
        }
        catch (DirectoryNotFoundException)
        {
            // The container was removed: no files.
        }
        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }

    /// <summary>
    /// Before conmon starts: with a size limit, a log that already has content becomes a rotated file and the run
    /// starts an empty ctr.log, already linked under its number. conmon counts only what it writes itself, so
    /// appending to the old content would let the file grow past the limit by up to one more limit. Without a
    /// limit conmon appends to ctr.log as before.
    /// </summary>
    public void PrepareForStart(LogFileLimits limits)
    {
        System.IO.Directory.CreateDirectory(Directory);
        if (limits.Bounded && LogNative.Stat(CurrentPath) is { Size: > 0 })
        {
            if (limits.MaxFiles > 1) Sync(limits.MaxFiles);
            File.Delete(CurrentPath);
        }
        using (new FileStream(CurrentPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { }
        File.SetUnixFileMode(CurrentPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (limits.Bounded) Sync(limits.MaxFiles);
    }

    /// <summary>
    /// Links ctr.log under the next number unless the newest numbered file already is ctr.log, then deletes all
    /// numbered files but the newest <paramref name="maxFiles"/>. With one file nothing is linked: conmon's own
    /// truncation is the rotation. Safe to call at any time and from several threads (a lost race to create a
    /// name is retried with the next number).
    /// </summary>
    public void Sync(int maxFiles)
    {
        var rotated = Rotated();
        if (maxFiles > 1)
        {
            for (var attempt = 0; attempt < MaxLinkAttempts; attempt++)
            {
                var current = LogNative.Stat(CurrentPath);
                if (current is null) break;
                if (rotated.Count > 0 && LogNative.Stat(rotated[^1].Path)?.Id == current.Value.Id) break;
                var next = rotated.Count > 0 ? rotated[^1].Sequence + 1 : 1;
                if (LibC.Link(CurrentPath, RotatedPath(next)) == 0)
                {
                    rotated.Add((next, RotatedPath(next)));
                    break;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno == LogNative.ENOENT) break; // ctr.log went away meanwhile (a removal): nothing to keep
                if (errno != LogNative.EEXIST)
                    throw new IOException($"linking {CurrentPath} as {RotatedPath(next)} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                rotated = Rotated();
            }
        }
        var keep = maxFiles > 1 ? maxFiles : 0;
        for (var i = 0; i < rotated.Count - keep; i++)
        {
            try { File.Delete(rotated[i].Path); }
            catch (DirectoryNotFoundException) { }
        }
    }

    /// <summary>Opens every file of the log, oldest first, for one read. A numbered file deleted between listing and
    /// opening was the oldest and is skipped; ctr.log is added unless it is the newest numbered file.</summary>
    public LogChain Open()
    {
        var files = new List<LogFile>();
        try
        {
            foreach (var (sequence, path) in Rotated())
                if (LogFile.TryOpen(path, sequence) is { } file) files.Add(file);
            if (LogFile.TryOpen(CurrentPath, null) is { } current)
            {
                if (files.Exists(f => f.Id == current.Id)) current.Dispose();
                else files.Add(current);
            }
        }
        catch
        {
            foreach (var file in files) file.Dispose();
            throw;
        }
        return new LogChain(this, files);
    }

    /// <summary>The file that follows <paramref name="file"/> once ctr.log is a different file: the next numbered one
    /// that still exists, else ctr.log. Null when <paramref name="file"/> is still ctr.log (or ctr.log is gone).</summary>
    public LogFile? OpenNext(LogFile file)
    {
        var current = LogNative.Stat(CurrentPath);
        if (current is null || current.Value.Id == file.Id) return null;
        var rotated = Rotated();
        var sequence = file.Sequence ?? FindSequence(rotated, file.Id);
        if (sequence is not null)
        {
            foreach (var (next, path) in rotated)
                if (next > sequence && LogFile.TryOpen(path, next) is { } opened)
                {
                    if (opened.Id != file.Id) return opened;
                    opened.Dispose();
                }
        }
        var newest = LogFile.TryOpen(CurrentPath, null);
        if (newest is not null && newest.Id == file.Id)
        {
            newest.Dispose();
            return null;
        }
        return newest;
    }

    private static long? FindSequence(List<(long Sequence, string Path)> rotated, FileIdentity id)
    {
        for (var i = rotated.Count - 1; i >= 0; i--)
            if (LogNative.Stat(rotated[i].Path)?.Id == id) return rotated[i].Sequence;
        return null;
    }
}
