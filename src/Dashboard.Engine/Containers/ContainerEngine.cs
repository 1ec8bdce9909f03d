using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Events;
using Dashboard.Engine.Hosting;
using Dashboard.Engine.Images;
using Dashboard.Engine.Persistence;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Snapshots;
using Dashboard.Engine.Spec;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

/// <summary>
/// The container lifecycle: lock the container, check the state rule, act through the runtime, persist, publish.
/// Split by concern into partial files: creation and queries here, Lifecycle (start/stop/kill/...), Exits (deaths,
/// OOM, restart policies) and Recovery (re-adopting containers after a daemon restart).
/// </summary>
public sealed partial class ContainerEngine : IContainerEngine, IAsyncDisposable
{
    private readonly EngineOptions _options;
    private readonly ContainerTable _table;
    private readonly IImageService _images;
    private readonly ISnapshotter _snapshotter;
    private readonly IContainerRuntime _runtime;
    private readonly IContainerStore _store;
    private readonly EventHub _events;
    private readonly IOomSource _oom;
    private readonly HostLimits _hostLimits;
    private readonly HostInfo _host;
    private readonly HostFeatures _features;
    private readonly HostRlimits _rlimits = HostRlimits.Read();
    private readonly ILogger<ContainerEngine> _logger;
    private readonly CancellationTokenSource _shutdown = new();

    internal ContainerEngine(
        EngineOptions options, ContainerTable table, IImageService images, ISnapshotter snapshotter,
        IContainerRuntime runtime, IContainerStore store, EventHub events, IOomSource oom, HostInfo host,
        ILogger<ContainerEngine> logger, HostFeatures? features = null)
    {
        _options = options;
        _table = table;
        _images = images;
        _snapshotter = snapshotter;
        _runtime = runtime;
        _store = store;
        _events = events;
        _oom = oom;
        _host = host;
        _features = features ?? HostFeatures.None;
        _hostLimits = CreateHostLimits(options, host, _features, _rlimits);
        _logger = logger;
    }

    public IReadOnlyList<ContainerRecord> List() =>
        _table.All.Select(e => e.Record).OrderByDescending(r => r.Created).ToList();

    public ContainerRecord Get(string reference) => _table.Resolve(reference).Record;

    public ContainerWatch Watch(int capacity = 4096) => _table.Feed.Watch(List, capacity);

    public async Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken)
    {
        var config = ResolveNamespaceTargets(ContainerRequestValidator.Validate(request, _hostLimits));
        CheckHostPaths(config);
        var image = _images.Resolve(config.Image);
        var name = string.IsNullOrEmpty(request.Name) ? ContainerIdentity.Generate(_table.NameTaken) : request.Name.TrimStart('/');
        _table.EnsureNameFree(name);

        var record = new ContainerRecord
        {
            Id = ContainerIdentity.NewId(),
            Name = name,
            ImageId = image.Id,
            Config = config,
            Created = DateTimeOffset.UtcNow,
        };
        var entry = new ContainerEntry(record, _table.Feed);
        _table.Add(entry);
        try
        {
            _snapshotter.Prepare(record.Id);
            File.WriteAllBytes(LogPath(record.Id), []);
            await _store.SaveAsync(record, cancellationToken);
        }
        catch
        {
            // Nothing half-created survives a failed create.
            _table.Remove(record.Id);
            TryCleanup(() => _snapshotter.Remove(record.Id));
            throw;
        }
        await PublishAsync("create", record);
        return record;
    }

    public async Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        var entry = _table.Resolve(reference);
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            var status = entry.Record.State.Status;
            if (status.IsAlive() && !force)
                throw new ConflictRemoveException(entry.Record.Name);
            CancelPendingRestart(entry);
            if (status.IsAlive())
            {
                var exited = entry.NextExit;
                await KillQuietlyAsync(entry, SigKill);
                if (status == ContainerStatus.Paused) await ResumeQuietlyAsync(entry);
                await WaitForExitAsync(entry, exited, TimeSpan.FromSeconds(10));
            }
            await RemoveUnlockedAsync(entry);
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>Deletes everything of a container; the caller holds its lock and it is not alive.</summary>
    private async Task RemoveUnlockedAsync(ContainerEntry entry)
    {
        var id = entry.Record.Id;
        entry.Update(r => r with { State = r.State with { Status = ContainerStatus.Removing } });
        _oom.Unwatch(id);
        await DeleteRuntimeStateAsync(id);
        TryCleanup(() => _snapshotter.Remove(id));
        await _store.DeleteAsync(id, CancellationToken.None);
        _table.Remove(id);
        entry.Removed.TrySetResult(entry.Record.State.ExitCode ?? 0);
        await PublishAsync("destroy", entry.Record);
    }

    public async Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken)
    {
        var entry = _table.Resolve(reference);
        // Registered before the first await: an exit right after this call is still seen.
        Task<int> waitFor = condition switch
        {
            WaitCondition.Removed => entry.Removed.Task,
            WaitCondition.NextExit => entry.NextExit,
            _ => entry.Record.State.Status.IsAlive() || entry.Record.State.Status == ContainerStatus.Restarting
                ? entry.NextExit
                : Task.FromResult(entry.Record.State.ExitCode ?? 0),
        };
        var code = await waitFor.WaitAsync(cancellationToken);
        return new WaitResult(code, null);
    }

    public IAsyncEnumerable<LogEntry> ReadLogsAsync(string reference, LogOptions options, CancellationToken cancellationToken)
    {
        var entry = _table.Resolve(reference);
        var startedExit = entry.NextExit;
        var startStatus = entry.Record.State.Status;
        // Follow ends when the container finishes: it exits (or is removed) after the follow began, or it was
        // already finished. A created container is followed until it has run, which is what attach needs.
        bool IsDone()
        {
            if (entry.Removed.Task.IsCompleted || startedExit.IsCompleted) return true;
            var status = entry.Record.State.Status;
            return startStatus is ContainerStatus.Exited or ContainerStatus.Dead
                && status is ContainerStatus.Exited or ContainerStatus.Dead;
        }
        return ContainerLogReader.ReadAsync(LogPath(entry.Record.Id), options, IsDone, cancellationToken);
    }

    internal string LogPath(string id) => Path.Combine(_snapshotter.ContainerDirectory(id), "ctr.log");

    internal string CgroupsPath(string id) => ContainerCgroup.PathOf(_options.CgroupParent, id);

    private Task PublishAsync(string action, ContainerRecord record, IReadOnlyDictionary<string, string>? extra = null)
    {
        var attributes = new Dictionary<string, string>
        {
            ["name"] = record.Name,
            ["image"] = record.Config.Image,
        };
        foreach (var (key, value) in record.Config.Labels) attributes.TryAdd(key, value);
        if (extra is not null) foreach (var (key, value) in extra) attributes[key] = value;
        return _events.PublishAsync("container", action, record.Id, attributes, CancellationToken.None);
    }

    private void TryCleanup(Action action)
    {
        try { action(); }
        catch (Exception ex) { _logger.LogWarning(ex, "Cleanup step failed"); }
    }

    /// <summary>Cancels pending restart delays; idempotent. Containers keep running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_shutdown.IsCancellationRequested) return;
        await _shutdown.CancelAsync();
    }
}

/// <summary>rm of a running container without force, worded as Docker words it.</summary>
public sealed class ConflictRemoveException(string name)
    : ConflictException($"cannot remove container \"/{name}\": container is running: stop the container before removing or force remove");
