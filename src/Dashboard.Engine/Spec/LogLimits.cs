namespace Dashboard.Engine.Spec;

/// <summary>
/// A container's own log limits (docker --log-opt max-size and max-file). A null field means the engine's default
/// (Engine:LogMaxSize, Engine:LogMaxFiles) at each start; a size of 0 means no limit.
/// </summary>
public sealed record LogLimits
{
    /// <summary>The smallest max-size accepted: conmon starts a new file for each record once a file is full, and
    /// each new file costs the daemon a link and a delete.</summary>
    public const long MinimumMaxSizeBytes = 64 * 1024;

    public long? MaxSizeBytes { get; init; }
    public int? MaxFiles { get; init; }
}
