using System.Diagnostics;

namespace Dashboard.Engine.Tests.Images;

/// <summary>A sandbox directory deleted on dispose, with helpers to inspect inodes without following symlinks.</summary>
internal sealed class TempDir : IDisposable
{
    /// <param name="parent">Where to make it; /var/tmp for tests that need a disk file system (xattrs), since
    /// /tmp may be a tmpfs.</param>
    public TempDir(string? parent = null)
    {
        Path = System.IO.Path.Combine(parent ?? System.IO.Path.GetTempPath(), "dash-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Runs stat(1) with a format (e.g. "%F %i %h"), not following symlinks.</summary>
    public static string Stat(string path, string format)
    {
        var info = new ProcessStartInfo("stat", ["-c", format, path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"stat {path}: {process.StandardError.ReadToEnd()}");
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
