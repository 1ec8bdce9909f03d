using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Engine.Inspection;
using Dashboard.Engine.Inspection.Entering;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Inspection;

/// <summary>Containers as the inspector reads them from the engine: only Get and List are used.</summary>
internal sealed class FixedContainers(params ContainerRecord[] records) : IContainerEngine
{
    public static ContainerRecord Record(string id, string name, ContainerStatus status, int? pid) => new()
    {
        Id = id,
        Name = name,
        ImageId = "sha256:" + new string('e', 64),
        Config = new ContainerConfig { Image = "layered" },
        Created = DateTimeOffset.UnixEpoch,
        State = new ContainerState { Status = status, Pid = pid },
    };

    public IReadOnlyList<ContainerRecord> List() => records;

    public ContainerRecord Get(string reference) =>
        records.FirstOrDefault(r => r.Id == reference || r.Name == reference) ?? throw new ContainerNotFoundException(reference);

    public ContainerWatch Watch(int capacity = 4096) => throw new NotSupportedException();
    public Task<ContainerRecord> UpdateLimitsAsync(string reference, LimitsUpdate update, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> StartAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> StopAsync(string reference, int? timeoutSeconds, string? signal, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task KillAsync(string reference, string? signal, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task PauseAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task UnpauseAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken) => throw new NotSupportedException();
    public IAsyncEnumerable<LogEntry> ReadLogsAsync(string reference, LogOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IContainerAttachment> AttachAsync(string reference, AttachRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>A two-layer image whose layer directories are the ones in the fixture's mountinfo.</summary>
internal sealed class LayeredImages : IImageService
{
    public static readonly ImageRecord Image = new()
    {
        Id = "sha256:" + new string('e', 64),
        RepoTags = ["layered:latest"],
        Layers = ["sha256:" + new string('a', 64), "sha256:" + new string('b', 64)],
    };

    public IReadOnlyList<ImageRecord> List() => [Image];
    public ImageRecord Resolve(string reference) => Image;
    public bool TryResolve(string reference, out ImageRecord image) { image = Image; return true; }
    public IReadOnlyList<string> LayerPaths(ImageRecord image) =>
        ["/var/lib/dashboard/image/layers/aaaa/diff", "/var/lib/dashboard/image/layers/bbbb/diff/"];
    public Task<ImageRecord> ImportAsync(Stream tarball, string? reference, string? message, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ImageRecord> TagAsync(string source, string target, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageRecord>> LoadAsync(Stream archive, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageDeleteResult>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task EnsureBuiltinImageAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Runs the "inside" reads in place (against the fixture's global files) and records what was entered.</summary>
internal sealed class InPlaceEntry : INamespaceEntry
{
    public List<(int Pid, string Type)> Entered { get; } = [];
    public string? FailType { get; init; }

    public Task<T> RunAsync<T>(int pid, string type, Func<T> read)
    {
        lock (Entered) Entered.Add((pid, type));
        if (type == FailType) return Task.FromException<T>(new IOException($"entering the {type} namespace of pid {pid} failed: Operation not permitted (errno 1)"));
        return Task.FromResult(read());
    }
}
