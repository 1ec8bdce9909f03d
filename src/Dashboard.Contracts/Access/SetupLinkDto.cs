namespace Dashboard.Contracts.Access;

/// <summary>POST /api/setup-link (unix socket only): a fresh one-time link for creating the first admin.</summary>
public sealed record SetupLinkDto(string Url, DateTimeOffset Expires);
