using System.Security.Cryptography;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>
/// A deterministic in-memory container engine with the real one's contract: the real validator, typed errors, the
/// status rules, waiters registered before the first await, logs that follow until the run ends, a change feed.
/// A started container runs its command through <see cref="FakeScript"/>: echo lines become log entries, and it
/// exits when the script ends, on exit N, or on a terminating signal with 128+N. Split by concern: lifecycle,
/// the running script, waits and logs.
/// </summary>
public sealed partial class FakeContainerEngine : IContainerEngine, IImageUsage
{
    /// <summary>What the test hosts' HostInfo reports: 2 CPUs, 4 GiB.</summary>
    public static readonly HostLimits DefaultHost = new(2, 4L << 30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeContainer> _containers = new(StringComparer.Ordinal);
    private readonly ContainerChangeFeed _feed = new();
    private readonly FakeImageService _images;
    private readonly HostLimits _host;
    private int _nextPid = 4000;
    private int _generated;

    public FakeContainerEngine(FakeImageService images, HostLimits? host = null)
    {
        _images = images;
        _host = host ?? DefaultHost;
        images.Usage = this;
    }

    /// <summary>Every request handed to CreateAsync, valid or not, to check an edge's mapping.</summary>
    public List<CreateContainerRequest> CreateRequests { get; } = [];

    public IReadOnlyList<ContainerRecord> List()
    {
        lock (_lock) return _containers.Values.Select(c => c.Record).OrderByDescending(r => r.Created).ToList();
    }

    public ContainerRecord Get(string reference)
    {
        lock (_lock) return Find(reference).Record;
    }

    public ContainerWatch Watch(int capacity = 4096) => _feed.Watch(List, capacity);

    public string? ContainerUsing(string imageId)
    {
        lock (_lock) return _containers.Values.FirstOrDefault(c => c.Record.ImageId == imageId)?.Record.Id;
    }

    public Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            CreateRequests.Add(request);
            var config = NamespaceTargets.Resolve(ContainerRequestValidator.Validate(request, _host), r => TryFind(r)?.Record.Id);
            var image = _images.Resolve(config.Image);
            var name = string.IsNullOrEmpty(request.Name) ? $"fake_{++_generated}" : request.Name.TrimStart('/');
            if (_containers.Values.FirstOrDefault(c => c.Record.Name == name) is { } existing)
                throw new NameConflictException(name, existing.Record.Id);
            var record = new ContainerRecord
            {
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
                Name = name,
                ImageId = image.Id,
                Config = config,
                Created = DateTimeOffset.UtcNow,
            };
            _containers[record.Id] = new FakeContainer(record, _feed);
            _feed.Publish(ContainerChangeKind.Added, record);
            return Task.FromResult(record);
        }
    }

    public Task<ContainerRecord> UpdateLimitsAsync(string reference, LimitsUpdate update, CancellationToken cancellationToken)
    {
        if (update.IsEmpty) throw new ValidationException("limits", "Nothing to update: give at least one of cpus, memory, memory-swap, pids-limit, cpu-shares, cpuset-cpus or restart.");
        lock (_lock)
        {
            var c = Find(reference);
            var (limits, restart) = ContainerRequestValidator.ValidateUpdate(update.MergeInto(c.Record.Config), _host);
            c.Update(r => r with { Config = r.Config with { Resources = limits, RestartPolicy = restart ?? r.Config.RestartPolicy } });
            return Task.FromResult(c.Record);
        }
    }

    private FakeContainer? TryFind(string reference)
    {
        try { return Find(reference); }
        catch (EngineException) { return null; }
    }

    /// <summary>The engine's rule (<see cref="ContainerReference"/>): full id, then name, then a unique id prefix.</summary>
    private FakeContainer Find(string reference) =>
        ContainerReference.Find(reference, id => _containers.GetValueOrDefault(id), _containers.Values, c => c.Record)
        ?? throw new ContainerNotFoundException(reference);
}
