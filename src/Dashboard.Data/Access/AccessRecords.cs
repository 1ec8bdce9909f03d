namespace Dashboard.Data.Access;

/// <summary>A web UI account. <see cref="Role"/> is "admin", "operator" or "viewer".</summary>
public sealed record UserRecord(long Id, string Name, string Role, string PasswordHash, int FailedLogins,
    DateTimeOffset? LockedUntil, DateTimeOffset Created);

/// <summary>A cookie login. Valid while not revoked; the caller applies the idle and absolute timeouts.</summary>
public sealed record SessionRecord(string Id, long UserId, DateTimeOffset Created, DateTimeOffset LastSeen,
    DateTimeOffset? Revoked, string? RemoteIp);

/// <summary>An API token for scripts; only the SHA-256 of the secret is stored.</summary>
public sealed record ApiTokenRecord(long Id, string Name, string Role, string TokenHash, string CreatedBy,
    DateTimeOffset Created, DateTimeOffset? LastUsed, DateTimeOffset? Revoked);

/// <summary>One audit log line: who (<see cref="Actor"/>) did what (<see cref="Action"/>) to what.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset Time, string Actor, string Action, string? Target,
    string? Detail, string? RemoteIp);
