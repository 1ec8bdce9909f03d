namespace Dashboard.Engine.IntegrationTests;

/// <summary>
/// Makes a new empty temp dir the process's current directory until disposed, so a test can show that nothing the
/// engine starts writes into wherever the daemon was started (conmon's "oom" file did). The current directory is
/// process-wide: use it only in a collection that does not run in parallel with others.
/// </summary>
public sealed class TemporaryCurrentDirectory : IDisposable
{
    private readonly string _previous = Environment.CurrentDirectory;

    public TemporaryCurrentDirectory()
    {
        Path = Directory.CreateTempSubdirectory("dash-cwd-").FullName;
        Environment.CurrentDirectory = Path;
    }

    public string Path { get; }

    /// <summary>What is in the directory now (names), for an assertion message.</summary>
    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    public void Dispose()
    {
        Environment.CurrentDirectory = _previous;
        Directory.Delete(Path, recursive: true);
    }
}
