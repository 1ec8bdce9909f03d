using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.Cgroups;

/// <summary>
/// One cgroup or procfs file kept open and re-read from offset 0 (pread) into a reused buffer, so that a sample
/// costs one syscall per file instead of open/read/close and a string. Missing files give no handle.
/// </summary>
internal sealed class KernelFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private byte[] _buffer = new byte[512];

    private KernelFile(SafeFileHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The file's path (the benchmarks read the same files from C for a floor).</summary>
    public string Path { get; }

    /// <summary>Opens <paramref name="dir"/>/<paramref name="name"/> for reading, or null when it does not exist.</summary>
    public static KernelFile? TryOpen(string? dir, string name)
    {
        if (dir is null) return null;
        try
        {
            var path = System.IO.Path.Combine(dir, name);
            return new KernelFile(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The whole file as the kernel writes it now; empty when reading fails (cgroup removed).</summary>
    public ReadOnlySpan<byte> Read()
    {
        try
        {
            while (true)
            {
                var read = RandomAccess.Read(_handle, _buffer, 0);
                // A full buffer may mean a longer file: grow and read again from the start (rare: memory.stat).
                if (read < _buffer.Length) return _buffer.AsSpan(0, read);
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            return [];
        }
    }

    public void Dispose() => _handle.Dispose();
}
