namespace Dashboard.Contracts.Containers;

/// <summary>POST /api/containers/{ref}/wait: the exit code, or an error when waiting itself failed.</summary>
public sealed record WaitResultDto(int StatusCode, string? Error);
