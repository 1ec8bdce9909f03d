using System.Runtime.CompilerServices;
using Dashboard.Data.Access;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;
using Dashboard.Web.Access;

namespace Dashboard.Web.Components.Tests.Launch;

/// <summary>Records create/start calls; <see cref="CreateFailure"/> makes create throw like the engine would.</summary>
internal sealed class FakeLaunchEngine : IContainerEngine
{
    public List<CreateContainerRequest> Created { get; } = [];
    public List<string> Started { get; } = [];
    public Exception? CreateFailure { get; set; }
    public Exception? StartFailure { get; set; }

    public Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken)
    {
        if (CreateFailure is { } failure) throw failure;
        Created.Add(request);
        var config = ContainerRequestValidator.Validate(request, new HostLimits(2, 1L << 30));
        return Task.FromResult(new ContainerRecord
        {
            Id = new string('a', 64), Name = request.Name ?? "generated", ImageId = "sha256:" + new string('b', 64),
            Config = config, Created = DateTimeOffset.UtcNow,
        });
    }

    public Task<bool> StartAsync(string reference, CancellationToken cancellationToken)
    {
        if (StartFailure is { } failure) throw failure;
        Started.Add(reference);
        return Task.FromResult(true);
    }

    /// <summary>Existing containers, for the namespace pickers and target checks.</summary>
    public List<ContainerRecord> Containers { get; } = [];

    public void Add(string name, ContainerStatus status) => Containers.Add(new ContainerRecord
    {
        Id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name))),
        Name = name, ImageId = "sha256:" + new string('b', 64), Created = DateTimeOffset.UtcNow,
        Config = new ContainerConfig { Image = "busybox" }, State = new ContainerState { Status = status, Pid = status == ContainerStatus.Running ? 42 : null },
    });

    public IReadOnlyList<ContainerRecord> List() => Containers;
    public ContainerRecord Get(string reference) =>
        Containers.FirstOrDefault(c => c.Name == reference.TrimStart('/') || c.Id == reference) ?? throw new ContainerNotFoundException(reference);
    public ContainerWatch Watch(int capacity = 4096) => throw new NotSupportedException();
    public Task<ContainerRecord> UpdateLimitsAsync(string reference, LimitsUpdate update, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> StopAsync(string reference, int? timeoutSeconds, string? signal, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task KillAsync(string reference, string? signal, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task PauseAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task UnpauseAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async IAsyncEnumerable<LogEntry> ReadLogsAsync(string reference, LogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }
}

internal sealed class FakeLaunchImages(params string[] tags) : IImageService
{
    public IReadOnlyList<ImageRecord> List() =>
        tags.Select((t, i) => new ImageRecord { Id = "sha256:" + new string((char)('0' + i), 64), RepoTags = [t], Layers = [] }).ToList();

    public ImageRecord Resolve(string reference) => throw new ImageNotFoundException(reference);
    public bool TryResolve(string reference, out ImageRecord image) { image = null!; return false; }
    public IReadOnlyList<string> LayerPaths(ImageRecord image) => [];
    public Task<ImageRecord> ImportAsync(Stream tarball, string? reference, string? message, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageRecord>> LoadAsync(Stream archive, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageDeleteResult>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task EnsureBuiltinImageAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class FakeLaunchAudit : IAuditLog
{
    public List<(string Actor, string Action, string? Target)> Entries { get; } = [];

    public Task RecordAsync(string actor, string action, string? target, string? detail, string? remoteIp, CancellationToken cancellationToken)
    {
        Entries.Add((actor, action, target));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>([]);
}
