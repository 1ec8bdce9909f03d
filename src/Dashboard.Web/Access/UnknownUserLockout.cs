using System.Collections.Concurrent;

namespace Dashboard.Web.Access;

/// <summary>
/// Failed logins for user names that do not exist, counted and locked by the same rule as real accounts (which keep
/// theirs in SQLite): after <see cref="AccessOptions.LockoutThreshold"/> failures the name answers "locked" for
/// <see cref="AccessOptions.LockoutDuration"/>, and the next failure after that starts a fresh count. Without it only
/// real accounts could ever be "locked", which told an attacker which names exist. Kept in memory, not in the
/// database, so that guessing names cannot grow the file; bounded, dropping expired entries first (the login rate
/// limit per IP keeps the table far below the bound in normal use).
/// </summary>
public sealed class UnknownUserLockout(AccessOptions options, TimeProvider time)
{
    /// <summary>At most this many names are tracked.</summary>
    public const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(int Failures, DateTimeOffset? LockedUntil, DateTimeOffset LastFailure);

    /// <summary>Until when <paramref name="userName"/> is locked, or null.</summary>
    public DateTimeOffset? LockedUntil(string userName) =>
        _entries.TryGetValue(Key(userName), out var entry) && entry.LockedUntil is { } until && until > time.GetUtcNow() ? until : null;

    /// <summary>Counts a failure; returns the lock end when this failure locked the name.</summary>
    public DateTimeOffset? RecordFailure(string userName)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= Capacity) Prune(now);
        var entry = _entries.AddOrUpdate(Key(userName),
            _ => Next(new Entry(0, null, now), now),
            (_, current) => current.LockedUntil is { } until
                ? until > now ? current : Next(new Entry(0, null, now), now) // an expired lock starts a fresh count
                : Next(current, now));
        return entry.LockedUntil is { } until && until > now ? until : null;
    }

    private Entry Next(Entry entry, DateTimeOffset now)
    {
        var failures = entry.Failures + 1;
        return new Entry(failures, failures >= options.LockoutThreshold ? now + options.LockoutDuration : entry.LockedUntil, now);
    }

    /// <summary>Drops entries that no longer matter (lock over, or idle past a lockout period), then the oldest.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
            if (entry.LockedUntil is { } until ? until <= now : now - entry.LastFailure > options.LockoutDuration) _entries.TryRemove(key, out _);
        if (_entries.Count < Capacity) return;
        foreach (var (key, _) in _entries.OrderBy(e => e.Value.LastFailure).Take(_entries.Count - Capacity / 2)) _entries.TryRemove(key, out _);
    }

    // User names compare without case in SQLite (COLLATE NOCASE), so here too.
    private static string Key(string userName) => userName.ToUpperInvariant();
}
