using Dashboard.Engine.Volumes;

namespace Dashboard.Engine.Persistence;

/// <summary>Durable storage of volumes (name, driver, labels, options, created). A completed write is durable.</summary>
public interface IVolumeStore
{
    Task<IReadOnlyList<VolumeRecord>> LoadVolumesAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a volume; the name is the key, and the caller (the volume service, under its lock) never
    /// inserts one twice.</summary>
    Task InsertVolumeAsync(VolumeRecord volume, CancellationToken cancellationToken);

    Task DeleteVolumeAsync(string name, CancellationToken cancellationToken);
}
