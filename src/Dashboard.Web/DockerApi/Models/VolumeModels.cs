namespace Dashboard.Web.DockerApi.Models;

/// <summary>Docker's volume.Volume.</summary>
public sealed record VolumeModel(
    string Name,
    string Driver,
    string Mountpoint,
    string CreatedAt,
    IReadOnlyDictionary<string, string> Labels,
    string Scope,
    IReadOnlyDictionary<string, string> Options,
    VolumeUsageModel? UsageData = null);

/// <summary>Docker's UsageData: the size (-1 while unknown) and how many containers use the volume.</summary>
public sealed record VolumeUsageModel(long Size, long RefCount);

/// <summary>GET /volumes.</summary>
public sealed record VolumeListResponse(IReadOnlyList<VolumeModel> Volumes, IReadOnlyList<string> Warnings);

/// <summary>POST /volumes/create (Docker's volume.CreateOptions).</summary>
public sealed class VolumeCreateBody
{
    public string? Name { get; set; }
    public string? Driver { get; set; }
    public Dictionary<string, string>? DriverOpts { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    /// <summary>Swarm cluster volumes: not served.</summary>
    public System.Text.Json.JsonElement? ClusterVolumeSpec { get; set; }
}

/// <summary>POST /volumes/prune.</summary>
public sealed record VolumePruneResponse(IReadOnlyList<string> VolumesDeleted, long SpaceReclaimed);
