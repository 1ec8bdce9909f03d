using Dashboard.Data.Access;
using Dashboard.Web.Access;

namespace Dashboard.Web.Components.Tests.Fakes;

/// <summary>An audit log that keeps what the pages record.</summary>
internal sealed class FakeAuditLog : IAuditLog
{
    private readonly List<(string Actor, string Action, string? Target, string? Detail)> _entries = [];

    public IReadOnlyList<(string Actor, string Action, string? Target, string? Detail)> Entries
    {
        get { lock (_entries) return _entries.ToList(); }
    }

    public Task RecordAsync(string actor, string action, string? target, string? detail, string? remoteIp, CancellationToken cancellationToken)
    {
        lock (_entries) _entries.Add((actor, action, target, detail));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>([]);
}
