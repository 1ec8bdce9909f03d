namespace Dashboard.Contracts.Logs;

/// <summary>
/// One line of GET /api/containers/{ref}/logs (application/x-ndjson, one JSON object per line).
/// <see cref="Text"/> keeps the trailing newline unless the process has not written one yet.
/// </summary>
public sealed record LogLineDto(DateTimeOffset Time, string Stream, string Text)
{
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";
}
