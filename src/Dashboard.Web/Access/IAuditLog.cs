using System.Security.Claims;
using Dashboard.Data.Access;

namespace Dashboard.Web.Access;

/// <summary>
/// Who did what. Pages and APIs call <see cref="RecordAsync"/> after an action succeeds (e.g. "container.start" with
/// the container name as target). Never throws for a storage failure: it logs it, so auditing cannot break an action.
/// </summary>
public interface IAuditLog
{
    Task RecordAsync(string actor, string action, string? target, string? detail, string? remoteIp, CancellationToken cancellationToken);
    Task<IReadOnlyList<AuditEntry>> RecentAsync(int limit, CancellationToken cancellationToken);
}

public static class AuditLogExtensions
{
    /// <summary>Records with the actor taken from <paramref name="user"/>: the account, "token:NAME", or "unix-socket"
    /// (<see cref="AccessClaims.ForUnixSocket"/>; also for a call made without a user).</summary>
    public static Task RecordAsync(this IAuditLog log, ClaimsPrincipal? user, string action, string? target, string? detail = null,
        string? remoteIp = null, CancellationToken cancellationToken = default) =>
        log.RecordAsync(user?.Identity?.Name ?? AccessClaims.UnixSocketName, action, target, detail, remoteIp, cancellationToken);
}

/// <summary>The SQLite-backed <see cref="IAuditLog"/>.</summary>
public sealed class AuditLog(AccessRepository repository, TimeProvider time, ILogger<AuditLog> logger) : IAuditLog
{
    public async Task RecordAsync(string actor, string action, string? target, string? detail, string? remoteIp, CancellationToken cancellationToken)
    {
        try
        {
            await repository.AppendAuditAsync(time.GetUtcNow(), actor, action, target, detail, remoteIp, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not write the audit entry {Action} by {Actor} on {Target}", action, actor, target);
        }
    }

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int limit, CancellationToken cancellationToken) =>
        repository.ListAuditAsync(limit, cancellationToken);
}
