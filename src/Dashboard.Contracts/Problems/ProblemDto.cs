namespace Dashboard.Contracts.Problems;

/// <summary>
/// The client-side view of an RFC 7807 problem as ASP.NET writes it (application/problem+json). The server
/// writes ASP.NET's own ProblemDetails / HttpValidationProblemDetails; this record only reads them, so Contracts
/// needs no ASP.NET reference. <see cref="Errors"/> maps a field (as the CLI flag names it) to its messages.
/// </summary>
public sealed record ProblemDto
{
    public string? Type { get; init; }
    public string? Title { get; init; }
    public int? Status { get; init; }
    public string? Detail { get; init; }
    public string? Instance { get; init; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}
