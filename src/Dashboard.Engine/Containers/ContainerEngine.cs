using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Containers.Logs;
using Dashboard.Engine.Events;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Engine.Persistence;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Snapshots;
using Dashboard.Engine.Spec;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

/// <summary>
/// The container lifecycle: lock the container, check the state rule, act through the runtime, persist, publish.
/// Split by concern into partial files: creation and queries here, Lifecycle (start/stop/kill/...), Attach, Files (docker
/// cp), Exits (deaths,
/// OOM), RestartPolicy (restart policies and --rm), Recovery (re-adopting containers after a daemon restart), Sweep
/// (what a crash left), Durability (writes on a full disk) and Locking (the helpers of the discipline below).
/// <para>
/// The lock discipline. Each container has one lock (<see cref="ContainerEntry.Lock"/>), and every change to that
/// container happens while holding it: its record in the table, its row in the store, its runtime state (conmon and
/// runc), its mounts and its directories. That includes create (the entry enters the table already locked, so a call
/// that finds it waits until the row is written or the create rolled back), create's rollback, remove, the exit path,
/// restart policies and auto-remove. Whoever waited for a lock re-checks that the container still exists
/// (<see cref="ContainerEntry.IsRemoved"/>, set under the lock by remove and by a failed create) and answers 404 if not,
/// so a call that lost a race to a remove never brings anything back. Reads (list, inspect, wait, logs) take no lock:
/// records are immutable and replaced whole.
/// </para>
/// <para>
/// Exits: conmon's exit file is the source of truth. The exit watcher's report only wakes the engine; the exit is then
/// processed under the lock after reading the exit file again, so a late report of an earlier run (whose file the next
/// start removed) changes nothing. A stop or remove, which hold the lock while they wait for the exit, read the exit
/// file themselves and process the exit inside their own critical section. A runtime call that fails because the
/// process has just ended (kill, pause, unpause of a container that exited a moment ago) processes the exit and is a
/// 409, as Docker answers; never a 500. Only the OOM counters (<see cref="ContainerEntry.OomGate"/>) and the wake-up
/// hints are touched without the lock.
/// </para>
/// <para>
/// Attach (Attach.cs) takes the lock to register: on a running container it connects to conmon's attach socket at
/// once; otherwise the attachment waits in <see cref="ContainerEntry.Attachments"/> and the next start, holding the
/// lock, connects it between the runtime's create and start, so it gets the run from its first byte. Attachments leave
/// by themselves when their output ends, without the lock. Stop, SIGKILL and remove release their back-pressure, a
/// remove or a failed start ends the waiting ones: no client, slow or gone, holds up the engine.
/// </para>
/// <para>
/// Files (docker cp) takes the lock to open a container's files: the root of a running container's process, which a GET
/// or HEAD then uses without the lock, or a private mount namespace with the overlay of one that is not running, built
/// and used under the lock (a start cannot mount the same writable layer meanwhile). A PUT keeps the lock until its
/// last byte, as Docker does. The view goes with its fds, so a remove that follows finds nothing mounted.
/// </para>
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
    private readonly CgroupLayout? _cgroups;
    private readonly LogFileLimits _logDefaults;
    private readonly LogRotationWatcher? _logRotation;
    private readonly Networking.NetworkService? _networks;
    private readonly Volumes.VolumeService? _volumes;

    /// <param name="cgroups">The host's cgroup layout, for removing cgroups a crash left at start; null (tests over
    /// fakes) skips that step.</param>
    internal ContainerEngine(
        EngineOptions options, ContainerTable table, IImageService images, ISnapshotter snapshotter,
        IContainerRuntime runtime, IContainerStore store, EventHub events, IOomSource oom, HostInfo host,
        ILogger<ContainerEngine> logger, HostFeatures? features = null, CgroupLayout? cgroups = null,
        LogRotationWatcher? logRotation = null, Networking.NetworkService? networks = null, Volumes.VolumeService? volumes = null)
    {
        _networks = networks;
        _volumes = volumes;
        volumes?.UseContainers(() => _table.All.Select(e => e.Record).ToList());
        _cgroups = cgroups;
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
        _logDefaults = LogFileLimits.Defaults(options);
        _logRotation = logRotation;
    }

    public IReadOnlyList<ContainerRecord> List() =>
        _table.All.Select(e => e.Record).OrderByDescending(r => r.Created).ToList();

    public ContainerRecord Get(string reference) => _table.Resolve(reference).Record;

    public ContainerWatch Watch(int capacity = 4096) => _table.Feed.Watch(List, capacity);

    public async Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken)
    {
        var config = ResolveNetworks(ResolveNamespaceTargets(ContainerRequestValidator.Validate(request, _hostLimits)), request);
        CheckHostPaths(config);
        var image = _images.Resolve(config.Image);
        // The image's EXPOSE first, as Docker lists them (what -P publishes at each start).
        if (image.Config.ExposedPorts.Count > 0)
            config = config with { ExposedPorts = image.Config.ExposedPorts.Concat(config.ExposedPorts).Distinct(StringComparer.Ordinal).ToList() };
        var name = string.IsNullOrEmpty(request.Name) ? ContainerIdentity.Generate(_table.NameTaken) : request.Name.TrimStart('/');
        _table.EnsureNameFree(name);
        config = WithVolumes(config, image);

        var record = new ContainerRecord
        {
            Id = ContainerIdentity.NewId(),
            Name = name,
            ImageId = image.Id,
            Config = config,
            Created = DateTimeOffset.UtcNow,
        };
        var entry = new ContainerEntry(record, _table.Feed);
        // Its volumes exist before it enters the table, and no volume rm runs in between (the volume lock is held).
        var volumeLock = await EnsureVolumesAsync(config, cancellationToken);
        // Locked before anyone can see it: a call that finds it in the table waits until it is saved or rolled back.
        entry.Lock.Wait();
        try
        {
            _table.Add(entry);
        }
        catch
        {
            entry.Lock.Release();
            volumeLock?.Dispose();
            await RemoveAnonymousVolumesQuietlyAsync(config);
            throw;
        }
        volumeLock?.Dispose();
        try
        {
            try
            {
                _snapshotter.Prepare(record.Id);
                File.WriteAllBytes(LogPath(record.Id), []);
                await _store.SaveAsync(record, cancellationToken);
            }
            catch (Exception ex)
            {
                // Nothing half-created survives a failed create, and nobody who waited for the lock acts on it.
                _table.Remove(record.Id);
                entry.MarkRemoved();
                entry.SignalRemoved();
                TryCleanup(() => _snapshotter.Remove(record.Id));
                await RemoveAnonymousVolumesQuietlyAsync(config);
                if (StorageFullException.IsDiskFull(ex, _options.DataRoot))
                    throw StorageFullException.From(ex, _options.DataRoot, "creating the container's directory or its row");
                throw;
            }
            await PublishAsync(EventActions.Create, record);
            return record;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    public Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken) =>
        RemoveAsync(reference, force, removeVolumes: false, cancellationToken);

    public async Task RemoveAsync(string reference, bool force, bool removeVolumes, CancellationToken cancellationToken)
    {
        ContainerConfig config;
        using (var lease = await LockAsync(reference, cancellationToken))
        {
            config = lease.Entry.Record.Config;
            await RemoveLockedAsync(lease.Entry, force);
        }
        // After the container's lock: the volume lock is never waited for while holding one (nor needed: the
        // container is gone from the table, so it uses nothing any more).
        if (removeVolumes) await RemoveAnonymousVolumesQuietlyAsync(config);
    }

    private async Task RemoveLockedAsync(ContainerEntry entry, bool force)
    {
        var status = entry.Record.State.Status;
        if (status.IsAlive() && !force)
            throw new ConflictRemoveException(entry.Record.Name);
        CancelPendingRestart(entry);
        if (status.IsAlive())
        {
            entry.Attachments.ReleaseLive();
            await KillQuietlyAsync(entry, SigKill);
            if (status == ContainerStatus.Paused) await ResumeQuietlyAsync(entry);
            // The die is recorded and published as for any exit; if conmon never reports one, the runtime's forced
            // delete below still takes the processes down.
            if (await WaitForExitFileAsync(entry, TimeSpan.FromSeconds(10)) is { } code)
                await CompleteExitUnlockedAsync(entry, code, ExitTime(entry.Record.Id), afterExit: false);
        }
        await RemoveUnlockedAsync(entry);
    }

    /// <summary>Deletes everything of a container; the caller holds its lock and it is not alive.</summary>
    private async Task RemoveUnlockedAsync(ContainerEntry entry)
    {
        var id = entry.Record.Id;
        // The row goes first: on a full disk nothing is removed (507), and a crash right after leaves only what the
        // start-up sweep removes (runtime state, mounts and a directory with no row).
        await _store.DeleteAsync(id, CancellationToken.None);
        entry.Update(r => r with { State = r.State with { Status = ContainerStatus.Removing } });
        _oom.Unwatch(id);
        _logRotation?.Unwatch(id);
        await DeleteRuntimeStateAsync(id);
        await TeardownNetworkQuietlyAsync(id);
        TryCleanup(() => _snapshotter.Remove(id));
        TryCleanup(() => ForgetExecs(id));
        _table.Remove(id);
        entry.MarkRemoved();
        entry.Attachments.EndAll();
        await PublishAsync(EventActions.Destroy, entry.Record);
        entry.SignalRemoved(); // after the destroy is stored, as the die before it
    }

    public async Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken)
    {
        var entry = _table.Resolve(reference);
        // Registered before the first await: an exit right after this call is still seen. The exit is taken before the
        // status is read: an exit processed in between shows in the status, and a later one completes this task. Every
        // task here completes only after the die (or destroy) it stands for is stored, so a client that waited finds
        // it in the events; an exit the status already shows but whose die is still being stored is waited for too.
        var nextExit = entry.NextExit;
        var state = entry.Record.State;
        Task<int> waitFor = condition switch
        {
            WaitCondition.Removed => entry.Removed.Task,
            WaitCondition.NextExit => nextExit,
            _ => state.Status.IsAlive() || state.Status == ContainerStatus.Restarting
                ? nextExit
                : entry.ExitInProgress ?? Task.FromResult(state.ExitCode ?? 0),
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
        var path = LogPath(entry.Record.Id);
        return options.Follow && _logRotation is not null
            ? FollowLogsAsync(path, options, IsDone, startedExit, cancellationToken)
            : ContainerLogReader.ReadAsync(path, options, IsDone, cancellationToken);
    }

    /// <summary>A follow woken by inotify (the daemon's one instance, see <see cref="LogRotationWatcher.Follow"/>) and
    /// by the end of the run: a removal also completes <paramref name="finished"/> (the exit awaited when the follow
    /// began).</summary>
    private async IAsyncEnumerable<LogEntry> FollowLogsAsync(string path, LogOptions options, Func<bool> isDone, Task finished,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var changes = _logRotation!.Follow(path);
        await foreach (var entry in ContainerLogReader.ReadAsync(path, options, isDone, changes, finished, time: null, cancellationToken))
            yield return entry;
    }

    internal string LogPath(string id) => Path.Combine(_snapshotter.ContainerDirectory(id), "ctr.log");

    internal string CgroupsPath(string id) => ContainerCgroup.PathOf(_options.CgroupParent, id);

    private Task PublishAsync(string action, ContainerRecord record, IReadOnlyDictionary<string, string>? extra = null)
    {
        var attributes = new Dictionary<string, string>
        {
            [EventAttributeKeys.Name] = record.Name,
            [EventAttributeKeys.Image] = record.Config.Image,
        };
        foreach (var (key, value) in record.Config.Labels) attributes.TryAdd(key, value);
        if (extra is not null) foreach (var (key, value) in extra) attributes[key] = value;
        return _events.PublishAsync(EventTypes.Container, action, record.Id, attributes, CancellationToken.None);
    }

    private void TryCleanup(Action action)
    {
        try { action(); }
        catch (Exception ex) { _logger.LogWarning(ex, "Cleanup step failed"); }
    }

    /// <summary>Cancels pending restart delays and waits for exit processing in flight; idempotent. Containers keep
    /// running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_shutdown.IsCancellationRequested) return;
        await _shutdown.CancelAsync();
        try { await EndDirectExecsAsync(); }
        catch (TimeoutException) { _logger.LogWarning("Attached execs did not end within 5 s of the daemon's stop"); }
        await Task.WhenAll(_background.Keys);
        // Attach connections belong to this daemon's clients, which are gone with it; conmon keeps the containers.
        foreach (var entry in _table.All) entry.Attachments.EndAll();
    }
}

/// <summary>rm of a running container without force, worded as Docker words it.</summary>
public sealed class ConflictRemoveException(string name)
    : ConflictException($"cannot remove container \"/{name}\": container is running: stop the container before removing or force remove");
