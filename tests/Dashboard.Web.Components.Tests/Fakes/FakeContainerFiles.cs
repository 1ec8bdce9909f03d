using System.Collections.Concurrent;
using Dashboard.Engine.ContainerFiles;

namespace Dashboard.Web.Components.Tests.Fakes;

/// <summary>Container files as the Terminal tab asks about them: a stat of the paths the test puts in
/// <see cref="Paths"/>, a 404 for any other; every stat counted in <see cref="Stats"/>.</summary>
internal sealed class FakeContainerFiles : IContainerFiles
{
    public ConcurrentDictionary<string, PathStat> Paths { get; } = new();
    public ConcurrentQueue<string> Stats { get; } = new();

    public static PathStat Executable(string name) => new(name, 1000, 0x8000 | 0b111_101_101, DateTimeOffset.UtcNow, "");

    public Task<PathStat> StatPathAsync(string reference, string path, CancellationToken cancellationToken)
    {
        Stats.Enqueue(path);
        return Paths.TryGetValue(path, out var stat) ? Task.FromResult(stat) : throw new ContainerPathNotFoundException(path, reference);
    }

    public Task<ContainerArchive> ArchivePathAsync(string reference, string path, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task ExtractToDirectoryAsync(string reference, string path, Stream archive, ExtractOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
