using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Volumes;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>The config with the image's VOLUME paths that nothing else mounts added as anonymous volumes, and every
    /// anonymous volume named, so that the stored config says which volumes the container owns.</summary>
    private ContainerConfig WithVolumes(ContainerConfig config, ImageRecord image)
    {
        var volumes = config.Volumes.ToList();
        if (_volumes is not null && image.Config.Volumes.Count > 0)
        {
            var taken = config.Binds.Select(b => b.Destination)
                .Concat(config.Mounts.Select(m => m.Target))
                .Concat(config.Tmpfs.Select(t => t.Destination))
                .Concat(volumes.Select(v => v.Destination))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var path in image.Config.Volumes)
            {
                if (!path.StartsWith('/')) continue; // not a path a VOLUME instruction can make
                var destination = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
                if (destination != "/" && taken.Add(destination))
                    volumes.Add(new VolumeMount { Name = "", Destination = destination, Anonymous = true, Origin = VolumeOrigin.Image });
            }
        }
        if (volumes.Count == 0) return config;
        if (_volumes is null)
            throw new ValidationException("volume", "volumes are not available in this engine (no volume store): bind a host directory with -v /host/path:/container/path");
        return config with
        {
            Volumes = volumes.Select(v => v.Anonymous && v.Name.Length == 0 ? v with { Name = VolumeNames.NewAnonymous() } : v).ToArray(),
        };
    }

    /// <summary>Creates the container's missing volumes and returns the volume lock, held: the caller enters the
    /// container into the table before releasing it (see <see cref="VolumeService"/>'s lock discipline). Null when the
    /// container has no volumes.</summary>
    private async Task<IDisposable?> EnsureVolumesAsync(ContainerConfig config, CancellationToken cancellationToken)
    {
        if (config.Volumes.Count == 0 || _volumes is null) return null;
        var held = await _volumes.LockAsync(cancellationToken);
        try
        {
            foreach (var mount in config.Volumes)
            {
                var labels = new Dictionary<string, string>(mount.Labels, StringComparer.Ordinal);
                if (mount.Anonymous) labels[VolumeNames.AnonymousLabel] = "";
                await _volumes.EnsureUnlockedAsync(mount.Name, labels, cancellationToken);
            }
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Copy-up into the container's empty volumes; the caller holds the container's lock and its rootfs is mounted.</summary>
    private async Task PopulateVolumesAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        if (_volumes is null) return;
        foreach (var mount in record.Config.Volumes)
        {
            // A volume removed while the container did not hold it cannot happen (in use: 409), but a store edited by
            // hand could lack it: it is made again, empty, rather than failing the start.
            if (!_volumes.Exists(mount.Name))
            {
                using var held = await _volumes.LockAsync(cancellationToken);
                await _volumes.EnsureUnlockedAsync(mount.Name,
                    mount.Anonymous ? new Dictionary<string, string> { [VolumeNames.AnonymousLabel] = "" } : mount.Labels, cancellationToken);
            }
            await _volumes.PopulateAsync(mount, _snapshotter.RootfsPath(record.Id), cancellationToken);
        }
    }

    private IReadOnlyDictionary<string, string> VolumePaths(ContainerConfig config) =>
        _volumes is null
            ? new Dictionary<string, string>()
            : config.Volumes.Select(v => v.Name).Distinct(StringComparer.Ordinal).ToDictionary(n => n, _volumes.DataPath, StringComparer.Ordinal);

    /// <summary>rm -v, --rm and a create rolled back: the container's anonymous volumes go with it (named ones stay).
    /// Never fails the removal that asked: a volume that cannot go is logged.</summary>
    private async Task RemoveAnonymousVolumesQuietlyAsync(ContainerConfig config)
    {
        if (_volumes is null) return;
        var anonymous = config.Volumes.Where(v => v.Anonymous).Select(v => v.Name).ToList();
        if (anonymous.Count == 0) return;
        try
        {
            await _volumes.RemoveAnonymousAsync(anonymous, _shutdown.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning("Anonymous volumes of a removed container were kept: {Reason}", ex.Message);
        }
    }
}
