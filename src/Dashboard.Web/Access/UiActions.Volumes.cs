using Dashboard.Engine.Volumes;

namespace Dashboard.Web.Access;

/// <summary>The Volumes page's actions: create, remove and prune, audited in the API's words.</summary>
public sealed partial class UiActions
{
    private VolumeService Volumes => services.GetRequiredService<VolumeService>();

    /// <summary>Creates a volume (no name: a random one); "volume.create" on its name.</summary>
    public async Task<VolumeRecord> CreateVolumeAsync(string? name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeVolumes);
        var volume = await Volumes.CreateAsync(new VolumeCreateRequest { Name = name, Labels = labels }, cancellationToken);
        await Audit.RecordAsync(user, "volume.create", volume.Name);
        return volume;
    }

    /// <summary>Removes an unused volume; "volume.remove". A volume in use throws <see cref="VolumeInUseException"/>.</summary>
    public async Task RemoveVolumeAsync(string name, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeVolumes);
        await Volumes.RemoveAsync(name, force: false, cancellationToken);
        await Audit.RecordAsync(user, "volume.remove", name);
    }

    /// <summary>Removes unused volumes, anonymous ones only unless <paramref name="all"/>; "volume.prune" with the count.</summary>
    public async Task<VolumePruneResult> PruneVolumesAsync(bool all, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeVolumes);
        var result = await Volumes.PruneAsync(all, _ => true, cancellationToken);
        await Audit.RecordAsync(user, "volume.prune", all ? "all" : "anonymous", $"{result.Deleted.Count} removed");
        return result;
    }
}
