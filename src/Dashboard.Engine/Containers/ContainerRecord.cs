using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Containers;

/// <summary>The observed state of a container. Times are UTC; null means "never".</summary>
public sealed record ContainerState
{
    public ContainerStatus Status { get; init; } = ContainerStatus.Created;
    /// <summary>Host PID of the container's PID 1 while alive.</summary>
    public int? Pid { get; init; }
    /// <summary>PID of the conmon process that holds the container's stdio and records its exit.</summary>
    public int? ConmonPid { get; init; }
    public int? ExitCode { get; init; }
    public bool OomKilled { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public int RestartCount { get; init; }
    /// <summary>Set by an explicit stop, so that unless-stopped / always policies do not bring it back.</summary>
    public bool StoppedByUser { get; init; }
    public string? Error { get; init; }
    /// <summary>The hostname the last start gave the container (its /etc/hostname): the configured one, its short id,
    /// or, on another container's network, that container's. Null before the first start.</summary>
    public string? Hostname { get; init; }
    /// <summary>The container's places on the engine's networks while it runs (empty otherwise).</summary>
    public IReadOnlyList<Networking.ContainerEndpoint> Networks { get; init; } = [];
    /// <summary>Its published ports as bound at the last start (random host ports resolved); empty when not running.</summary>
    public IReadOnlyList<Networking.PublishedPort> Ports { get; init; } = [];
}

/// <summary>One container as the engine knows it: the definition (what the user asked for) and its last state.</summary>
public sealed record ContainerRecord
{
    /// <summary>64 lower-case hex characters.</summary>
    public required string Id { get; init; }
    /// <summary>Without the leading "/"; the Docker API adds it.</summary>
    public required string Name { get; init; }
    /// <summary>"sha256:..." id of the image the container was created from.</summary>
    public required string ImageId { get; init; }
    public required ContainerConfig Config { get; init; }
    public required DateTimeOffset Created { get; init; }
    public ContainerState State { get; init; } = new();

    public string ShortId => Id[..12];
}
