using System.Collections.Immutable;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Persistence;
using Dashboard.Engine.Spec;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Volumes;

/// <summary>
/// Named and anonymous volumes of the local driver: each a directory <c>ROOT/NAME/_data</c> (ROOT is the data root's
/// <c>volumes</c>), with its row in the store.
/// <para>
/// The lock discipline: one lock (<see cref="LockAsync"/>) for every change to the set of volumes and to who uses
/// them. Volume create, remove and prune take it; a container create takes it around creating its missing volumes and
/// entering the container table, so a remove either comes first (the create then makes the volume again) or sees the
/// new container and answers 409. Who uses a volume is read from the container table (every container, running or
/// not), never counted separately, so no count can drift. Reads (list, inspect) take no lock: the set is an immutable
/// map replaced whole. The lock is taken while holding a container's lock (start's copy-up), and held around no
/// container lock that anyone else can hold: a create holds it while it takes the lock of its own container, which
/// nobody can see yet; remove -v and --rm take it after their container's lock is released.
/// </para>
/// </summary>
public sealed partial class VolumeService
{
    public const string LocalDriver = "local";

    private readonly IVolumeStore _store;
    private readonly ILogger<VolumeService> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile ImmutableSortedDictionary<string, VolumeRecord> _volumes = ImmutableSortedDictionary<string, VolumeRecord>.Empty.WithComparers(StringComparer.Ordinal);
    private Func<IReadOnlyList<ContainerRecord>> _containers = () => [];

    public VolumeService(IVolumeStore store, string root, ILogger<VolumeService> logger)
    {
        _store = store;
        Root = root;
        _logger = logger;
    }

    /// <summary>The directory that holds every volume (Docker's /var/lib/docker/volumes).</summary>
    public string Root { get; }

    /// <summary>Where the volume's content lives on the host (Docker's Mountpoint).</summary>
    public string DataPath(string name) => Path.Combine(Root, name, "_data");

    /// <summary>Who the containers are; the container engine sets this when it is made.</summary>
    public void UseContainers(Func<IReadOnlyList<ContainerRecord>> containers) => _containers = containers;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Root);
        // Only root may walk into another user's volume, as under /var/lib/docker/volumes.
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var loaded = await _store.LoadVolumesAsync(cancellationToken);
        _volumes = loaded.ToImmutableSortedDictionary(v => v.Name, v => v, StringComparer.Ordinal);
        foreach (var volume in loaded) Directory.CreateDirectory(DataPath(volume.Name));
    }

    public IReadOnlyList<VolumeUsage> List()
    {
        var users = UsersByVolume();
        return _volumes.Values.Select(v => Usage(v, users)).ToList();
    }

    /// <exception cref="VolumeNotFoundException">No volume has that name.</exception>
    public VolumeUsage Get(string name) =>
        _volumes.TryGetValue(name ?? "", out var volume) ? Usage(volume, UsersByVolume()) : throw new VolumeNotFoundException(name ?? "");

    public bool Exists(string name) => _volumes.ContainsKey(name);

    /// <summary>docker volume create. A name already taken answers that volume, as Docker does; no name makes a
    /// random one.</summary>
    /// <exception cref="ValidationException">A bad name, another driver, or a driver option.</exception>
    public async Task<VolumeRecord> CreateAsync(VolumeCreateRequest request, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrEmpty(request.Name) ? VolumeNames.NewAnonymous() : request.Name;
        if (!VolumeNames.TryValidate(name, out var error)) throw new ValidationException("name", $"create {name}: {error}");
        if (request.Driver is { Length: > 0 } driver && driver != LocalDriver)
            throw new ValidationException("driver", $"create {name}: volume driver '{driver}' is not available: this engine has the local driver only");
        if (request.Options is { Count: > 0 } options)
        {
            var option = options.Keys.Order(StringComparer.Ordinal).First();
            throw new ValidationException("opt", $"create {name}: driver option '{option}' is not supported yet: the local driver here makes plain directories (no -o type/device/o mounts)");
        }
        using var held = await LockAsync(cancellationToken);
        return await EnsureUnlockedAsync(name, request.Labels ?? new Dictionary<string, string>(), cancellationToken);
    }

    /// <summary>docker volume rm. <paramref name="force"/> only makes a missing volume no error (as in Docker): a volume
    /// in use is never removed.</summary>
    /// <exception cref="VolumeInUseException">A container (running or not) mounts it.</exception>
    /// <exception cref="VolumeNotFoundException">No such volume and not <paramref name="force"/>.</exception>
    public async Task RemoveAsync(string name, bool force, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken);
        if (!_volumes.ContainsKey(name))
        {
            if (force) return;
            throw new VolumeNotFoundException(name);
        }
        var users = UsersByVolume().GetValueOrDefault(name);
        if (users is { Count: > 0 }) throw new VolumeInUseException(name, users.Select(u => u.ContainerId).Distinct().ToList());
        await DeleteUnlockedAsync(name);
    }

    /// <summary>docker volume prune: unused volumes that match, anonymous ones only unless <paramref name="all"/>.</summary>
    public async Task<VolumePruneResult> PruneAsync(bool all, Func<VolumeRecord, bool> matches, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken);
        var users = UsersByVolume();
        var deleted = new List<string>();
        long reclaimed = 0;
        foreach (var volume in _volumes.Values)
        {
            if (users.ContainsKey(volume.Name) || (!all && !volume.Anonymous) || !matches(volume)) continue;
            var size = Snapshots.DirectorySize.Of(DataPath(volume.Name));
            await DeleteUnlockedAsync(volume.Name);
            deleted.Add(volume.Name);
            reclaimed += size;
        }
        return new VolumePruneResult(deleted, reclaimed);
    }

    /// <summary>The one lock of the volume set (see the class remarks); disposing releases it.</summary>
    internal async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Held(_gate);
    }

    /// <summary>The volume <paramref name="name"/>, created (directory, then row) when missing. The caller holds the lock.</summary>
    internal async Task<VolumeRecord> EnsureUnlockedAsync(string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        if (_volumes.TryGetValue(name, out var existing)) return existing;
        var volume = new VolumeRecord { Name = name, Labels = new Dictionary<string, string>(labels), Created = DateTimeOffset.UtcNow };
        var directory = Path.Combine(Root, name);
        // What a crash between a remove's row and its directory left behind is not this new volume's content.
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(DataPath(name));
        try
        {
            await _store.InsertVolumeAsync(volume, cancellationToken);
        }
        catch
        {
            TryDeleteDirectory(directory);
            throw;
        }
        _volumes = _volumes.SetItem(name, volume);
        return volume;
    }

    /// <summary>Removes the anonymous volumes among <paramref name="names"/> that no container uses any more (rm -v, --rm).
    /// One still in use (mounted by name elsewhere) is kept, as Docker keeps it.</summary>
    internal async Task RemoveAnonymousAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(cancellationToken);
        var users = UsersByVolume();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            if (!_volumes.TryGetValue(name, out var volume) || !volume.Anonymous) continue;
            if (users.ContainsKey(name))
            {
                _logger.LogInformation("Anonymous volume {Name} kept: another container uses it", name);
                continue;
            }
            await DeleteUnlockedAsync(name);
        }
    }

    private async Task DeleteUnlockedAsync(string name)
    {
        // The row first: a crash after it leaves a directory that the next create of the name clears.
        await _store.DeleteVolumeAsync(name, CancellationToken.None);
        _volumes = _volumes.Remove(name);
        ForgetSize(name);
        TryDeleteDirectory(Path.Combine(Root, name));
    }

    private void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not delete volume directory {Directory}: {Reason}", directory, e.Message);
        }
    }

    private Dictionary<string, List<VolumeUser>> UsersByVolume()
    {
        var users = new Dictionary<string, List<VolumeUser>>(StringComparer.Ordinal);
        foreach (var container in _containers())
            foreach (var mount in container.Config.Volumes)
            {
                if (!users.TryGetValue(mount.Name, out var list)) users[mount.Name] = list = [];
                list.Add(new VolumeUser(container.Id, container.Name, mount.Destination));
            }
        return users;
    }

    private VolumeUsage Usage(VolumeRecord volume, Dictionary<string, List<VolumeUser>> users) =>
        new(volume, DataPath(volume.Name), users.TryGetValue(volume.Name, out var list) ? list : []);

    private sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}

/// <summary>docker volume create's input (the API's VolumeCreateOptions).</summary>
public sealed record VolumeCreateRequest
{
    public string? Name { get; init; }
    public string? Driver { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

/// <summary>What a prune removed and the bytes it freed.</summary>
public sealed record VolumePruneResult(IReadOnlyList<string> Deleted, long SpaceReclaimed);
