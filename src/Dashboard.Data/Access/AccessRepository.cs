using Dapper;

namespace Dashboard.Data.Access;

/// <summary>
/// Users, sessions, API tokens and the audit log (migration 0003). Times are stored as Unix seconds. Password and
/// token hashing happen in the caller; this class only stores the results.
/// </summary>
public sealed class AccessRepository(SqliteDatabase database)
{
    private const string UserColumns = """
        id AS Id, name AS Name, role AS Role, password_hash AS PasswordHash, failed_logins AS FailedLogins,
        locked_until_s AS LockedUntilS, created_s AS CreatedS
        """;
    private const string SessionColumns = """
        id AS Id, user_id AS UserId, created_s AS CreatedS, last_seen_s AS LastSeenS, revoked_s AS RevokedS, remote_ip AS RemoteIp
        """;
    private const string TokenColumns = """
        id AS Id, name AS Name, role AS Role, token_hash AS TokenHash, created_by AS CreatedBy, created_s AS CreatedS,
        last_used_s AS LastUsedS, revoked_s AS RevokedS
        """;

    public Task<long> CountUsersAsync(CancellationToken ct) =>
        database.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: ct)));

    public async Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken ct) =>
        (await database.ReadAsync(c => c.QueryAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM users ORDER BY name", cancellationToken: ct)))).Select(ToUser).ToList();

    public async Task<UserRecord?> FindUserAsync(string name, CancellationToken ct) =>
        (await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM users WHERE name = @name", new { name }, cancellationToken: ct)))) is { } row ? ToUser(row) : null;

    public async Task<UserRecord?> GetUserAsync(long id, CancellationToken ct) =>
        (await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {UserColumns} FROM users WHERE id = @id", new { id }, cancellationToken: ct)))) is { } row ? ToUser(row) : null;

    /// <summary>Inserts a user; returns null when the name is taken (names compare case-insensitively).</summary>
    public Task<long?> TryCreateUserAsync(string name, string role, string passwordHash, DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync(c => c.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO users (name, role, password_hash, created_s) VALUES (@name, @role, @passwordHash, @now)
            ON CONFLICT (name) DO NOTHING RETURNING id
            """, new { name, role, passwordHash, now = now.ToUnixTimeSeconds() }, cancellationToken: ct)), ct);

    /// <summary>Creates the first user only if there is none yet, atomically (two setup forms cannot both win).</summary>
    public Task<long?> TryCreateFirstUserAsync(string name, string role, string passwordHash, DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync(c => c.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO users (name, role, password_hash, created_s)
            SELECT @name, @role, @passwordHash, @now WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING id
            """, new { name, role, passwordHash, now = now.ToUnixTimeSeconds() }, cancellationToken: ct)), ct);

    public Task<bool> SetRoleAsync(long id, string role, CancellationToken ct) => ExecuteAsync(
        "UPDATE users SET role = @role WHERE id = @id", new { id, role }, ct);

    public Task<bool> SetPasswordAsync(long id, string passwordHash, CancellationToken ct) => ExecuteAsync(
        "UPDATE users SET password_hash = @passwordHash, failed_logins = 0, locked_until_s = NULL WHERE id = @id", new { id, passwordHash }, ct);

    public Task<bool> DeleteUserAsync(long id, CancellationToken ct) => ExecuteAsync("DELETE FROM users WHERE id = @id", new { id }, ct);

    /// <summary>Counts a failed login; locks the account until <paramref name="lockUntil"/> once <paramref name="threshold"/> is reached.</summary>
    public Task<bool> RecordFailedLoginAsync(long id, int threshold, DateTimeOffset lockUntil, CancellationToken ct) => ExecuteAsync("""
        UPDATE users SET failed_logins = failed_logins + 1,
            locked_until_s = CASE WHEN failed_logins + 1 >= @threshold THEN @lockUntil ELSE locked_until_s END
        WHERE id = @id
        """, new { id, threshold, lockUntil = lockUntil.ToUnixTimeSeconds() }, ct);

    public Task<bool> ResetFailedLoginsAsync(long id, CancellationToken ct) => ExecuteAsync(
        "UPDATE users SET failed_logins = 0, locked_until_s = NULL WHERE id = @id", new { id }, ct);

    public Task<bool> CreateSessionAsync(string id, long userId, DateTimeOffset now, string? remoteIp, CancellationToken ct) => ExecuteAsync("""
        INSERT INTO sessions (id, user_id, created_s, last_seen_s, remote_ip) VALUES (@id, @userId, @now, @now, @remoteIp)
        """, new { id, userId, now = now.ToUnixTimeSeconds(), remoteIp }, ct);

    public async Task<SessionRecord?> GetSessionAsync(string id, CancellationToken ct) =>
        (await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            $"SELECT {SessionColumns} FROM sessions WHERE id = @id", new { id }, cancellationToken: ct)))) is { } r
            ? new SessionRecord(r.Id, r.UserId, At(r.CreatedS), At(r.LastSeenS), AtOrNull(r.RevokedS), r.RemoteIp) : null;

    public Task<bool> TouchSessionAsync(string id, DateTimeOffset now, CancellationToken ct) => ExecuteAsync(
        "UPDATE sessions SET last_seen_s = @now WHERE id = @id AND revoked_s IS NULL", new { id, now = now.ToUnixTimeSeconds() }, ct);

    public Task<bool> RevokeSessionAsync(string id, DateTimeOffset now, CancellationToken ct) => ExecuteAsync(
        "UPDATE sessions SET revoked_s = @now WHERE id = @id AND revoked_s IS NULL", new { id, now = now.ToUnixTimeSeconds() }, ct);

    /// <summary>Revokes every open session of a user except <paramref name="exceptId"/>; returns the revoked ids.</summary>
    public async Task<IReadOnlyList<string>> RevokeUserSessionsAsync(long userId, string? exceptId, DateTimeOffset now, CancellationToken ct) =>
        (await database.WriteAsync(c => c.QueryAsync<string>(new CommandDefinition("""
            UPDATE sessions SET revoked_s = @now WHERE user_id = @userId AND revoked_s IS NULL AND id IS NOT @exceptId RETURNING id
            """, new { userId, exceptId, now = now.ToUnixTimeSeconds() }, cancellationToken: ct)), ct)).ToList();

    public Task<long> CreateTokenAsync(string name, string role, string tokenHash, string createdBy, DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO api_tokens (name, role, token_hash, created_by, created_s) VALUES (@name, @role, @tokenHash, @createdBy, @now) RETURNING id
            """, new { name, role, tokenHash, createdBy, now = now.ToUnixTimeSeconds() }, cancellationToken: ct)), ct);

    public async Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken ct) =>
        (await database.ReadAsync(c => c.QueryAsync<TokenRow>(new CommandDefinition(
            $"SELECT {TokenColumns} FROM api_tokens ORDER BY id", cancellationToken: ct)))).Select(ToToken).ToList();

    public async Task<ApiTokenRecord?> FindTokenByHashAsync(string tokenHash, CancellationToken ct) =>
        (await database.ReadAsync(c => c.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            $"SELECT {TokenColumns} FROM api_tokens WHERE token_hash = @tokenHash", new { tokenHash }, cancellationToken: ct)))) is { } r ? ToToken(r) : null;

    public Task<bool> TouchTokenAsync(long id, DateTimeOffset now, CancellationToken ct) => ExecuteAsync(
        "UPDATE api_tokens SET last_used_s = @now WHERE id = @id", new { id, now = now.ToUnixTimeSeconds() }, ct);

    public Task<bool> RevokeTokenAsync(long id, DateTimeOffset now, CancellationToken ct) => ExecuteAsync(
        "UPDATE api_tokens SET revoked_s = @now WHERE id = @id AND revoked_s IS NULL", new { id, now = now.ToUnixTimeSeconds() }, ct);

    public Task<bool> AppendAuditAsync(DateTimeOffset time, string actor, string action, string? target, string? detail, string? remoteIp, CancellationToken ct) =>
        ExecuteAsync("""
            INSERT INTO audit_log (time_s, actor, action, target, detail, remote_ip) VALUES (@time, @actor, @action, @target, @detail, @remoteIp)
            """, new { time = time.ToUnixTimeSeconds(), actor, action, target, detail, remoteIp }, ct);

    /// <summary>The newest <paramref name="limit"/> audit entries, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, CancellationToken ct) =>
        (await database.ReadAsync(c => c.QueryAsync<AuditRow>(new CommandDefinition("""
            SELECT id AS Id, time_s AS TimeS, actor AS Actor, action AS Action, target AS Target, detail AS Detail, remote_ip AS RemoteIp
            FROM audit_log ORDER BY id DESC LIMIT @limit
            """, new { limit }, cancellationToken: ct))))
            .Select(r => new AuditEntry(r.Id, At(r.TimeS), r.Actor, r.Action, r.Target, r.Detail, r.RemoteIp)).ToList();

    private async Task<bool> ExecuteAsync(string sql, object parameters, CancellationToken ct) =>
        await database.WriteAsync(c => c.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)), ct) > 0;

    private static DateTimeOffset At(long s) => DateTimeOffset.FromUnixTimeSeconds(s);
    private static DateTimeOffset? AtOrNull(long? s) => s is { } v ? At(v) : null;
    private static UserRecord ToUser(UserRow r) => new(r.Id, r.Name, r.Role, r.PasswordHash, (int)r.FailedLogins, AtOrNull(r.LockedUntilS), At(r.CreatedS));
    private static ApiTokenRecord ToToken(TokenRow r) => new(r.Id, r.Name, r.Role, r.TokenHash, r.CreatedBy, At(r.CreatedS), AtOrNull(r.LastUsedS), AtOrNull(r.RevokedS));

    private sealed record UserRow(long Id, string Name, string Role, string PasswordHash, long FailedLogins, long? LockedUntilS, long CreatedS);
    private sealed record SessionRow(string Id, long UserId, long CreatedS, long LastSeenS, long? RevokedS, string? RemoteIp);
    private sealed record TokenRow(long Id, string Name, string Role, string TokenHash, string CreatedBy, long CreatedS, long? LastUsedS, long? RevokedS);
    private sealed record AuditRow(long Id, long TimeS, string Actor, string Action, string? Target, string? Detail, string? RemoteIp);
}
