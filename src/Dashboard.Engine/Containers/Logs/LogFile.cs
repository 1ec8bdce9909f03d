using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.Containers.Logs;

/// <summary>One open file of a container's log. The handle keeps the file readable after it is rotated away or
/// deleted (or the container's directory is removed), so a reader always finishes what it started.</summary>
internal sealed class LogFile : IDisposable
{
    private LogFile(SafeFileHandle handle, FileIdentity id, long length, long? sequence)
    {
        Handle = handle;
        Id = id;
        LengthAtOpen = length;
        Sequence = sequence;
    }

    public SafeFileHandle Handle { get; }
    public FileIdentity Id { get; }
    /// <summary>Its size when it was opened: a read that does not follow stops there, so a container writing
    /// faster than the reader reads cannot keep it going.</summary>
    public long LengthAtOpen { get; }
    /// <summary>Its number (ctr.log.N), or null when it was opened as ctr.log before being linked.</summary>
    public long? Sequence { get; }

    public long CurrentLength => LogNative.Stat(Handle).Size;

    public static LogFile? TryOpen(string path, long? sequence)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        try
        {
            var (id, size) = LogNative.Stat(handle);
            return new LogFile(handle, id, size, sequence);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose() => Handle.Dispose();
}

/// <summary>The files of one read, oldest first; disposing closes them.</summary>
internal sealed class LogChain(LogFileSet set, List<LogFile> files) : IDisposable
{
    public LogFileSet Set { get; } = set;
    public List<LogFile> Files { get; } = files;

    public void Dispose()
    {
        foreach (var file in Files) file.Dispose();
    }
}
