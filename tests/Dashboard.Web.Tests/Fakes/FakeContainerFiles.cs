using Dashboard.Engine.ContainerFiles;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>The cp part of the fake engine: containers are looked up for real (404 for unknown ones), and every path in
/// them is missing. Enough for the hosts that test routing, access and errors; copies themselves run against the
/// real daemon.</summary>
public sealed class FakeContainerFiles(IContainerEngine engine) : IContainerFiles
{
    public Task<PathStat> StatPathAsync(string reference, string path, CancellationToken cancellationToken) =>
        Task.FromException<PathStat>(Missing(reference, path));

    public Task<ContainerArchive> ArchivePathAsync(string reference, string path, CancellationToken cancellationToken) =>
        Task.FromException<ContainerArchive>(Missing(reference, path));

    public Task ExtractToDirectoryAsync(string reference, string path, Stream archive, ExtractOptions options, CancellationToken cancellationToken) =>
        Task.FromException(Missing(reference, path));

    private Exception Missing(string reference, string path)
    {
        try
        {
            if (string.IsNullOrEmpty(path)) return new Dashboard.Engine.ValidationException("path", "Path cannot be empty");
            return new ContainerPathNotFoundException("/" + path.TrimStart('/'), engine.Get(reference).Name);
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
