namespace Dashboard.Contracts.Containers;

/// <summary>One row of GET /api/containers (what docker ps shows).</summary>
public sealed record ContainerSummaryDto
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>The image as the user named it at create time.</summary>
    public required string Image { get; init; }
    public required string ImageId { get; init; }
    /// <summary>Entrypoint and cmd joined by spaces, as docker ps shows it.</summary>
    public required string Command { get; init; }
    public required DateTimeOffset Created { get; init; }
    /// <summary>created, running, paused, restarting, removing, exited or dead.</summary>
    public required string Status { get; init; }
    public int? ExitCode { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
