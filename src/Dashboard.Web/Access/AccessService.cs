using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Data.Access;

namespace Dashboard.Web.Access;

/// <summary>
/// Logins (with lockout), first-admin setup, server-side sessions (idle and absolute timeouts, revocation) and API
/// tokens. Every change that should end access (logout, password change, role change, user or token deletion) revokes
/// the sessions in SQLite and aborts their hub connections; Blazor circuits notice within the revalidation interval.
/// </summary>
public sealed class AccessService(AccessRepository repository, AccessOptions options, SetupLinks setupLinks, IAuditLog audit,
    ConnectionRevoker revoker, TimeProvider time, UnknownUserLockout? unknownUsers = null, IPasswordHasher? hasher = null)
{
    public const string TokenPrefix = "dsh_";

    private readonly UnknownUserLockout _unknownUsers = unknownUsers ?? new UnknownUserLockout(options, time);
    private readonly IPasswordHasher _hasher = hasher ?? PasswordHasher.Instance;

    public async Task<bool> HasUsersAsync(CancellationToken ct) => await repository.CountUsersAsync(ct) > 0;

    /// <summary>
    /// Checks a login. Every path looks alike from outside: each runs exactly one password hash (against the stored
    /// hash, or a dummy of the same cost for an unknown name, also while locked), and unknown names are counted and
    /// locked like accounts (<see cref="UnknownUserLockout"/>), so neither the answer nor its time tells whether a
    /// name exists.
    /// </summary>
    public async Task<LoginResult> LoginAsync(string userName, string password, string? remoteIp, CancellationToken ct)
    {
        userName ??= "";
        password ??= "";
        var now = time.GetUtcNow();
        var user = await repository.FindUserAsync(userName, ct);
        var matches = _hasher.Verify(password, user?.PasswordHash ?? PasswordHasher.DummyHash);
        if (user is null)
        {
            if (_unknownUsers.LockedUntil(userName) is { } unknownLock)
            {
                await audit.RecordAsync(userName, "login.failure", userName, "unknown user; name locked", remoteIp, ct);
                return new LoginResult(LoginOutcome.LockedOut, LockedUntil: unknownLock);
            }
            var lockedNow = _unknownUsers.RecordFailure(userName);
            await audit.RecordAsync(userName, "login.failure", userName, lockedNow is null ? "unknown user" : "unknown user; name locked", remoteIp, ct);
            return lockedNow is null ? new LoginResult(LoginOutcome.InvalidCredentials) : new LoginResult(LoginOutcome.LockedOut, LockedUntil: lockedNow);
        }
        if (user.LockedUntil is { } locked && locked > now)
        {
            await audit.RecordAsync(user.Name, "login.failure", user.Name, "account locked", remoteIp, ct);
            return new LoginResult(LoginOutcome.LockedOut, LockedUntil: locked);
        }
        if (!matches)
        {
            // A lock that has expired starts a fresh count.
            if (user.LockedUntil is not null) await repository.ResetFailedLoginsAsync(user.Id, ct);
            await repository.RecordFailedLoginAsync(user.Id, options.LockoutThreshold, now + options.LockoutDuration, ct);
            var after = await repository.GetUserAsync(user.Id, ct);
            var nowLocked = after?.LockedUntil is { } l && l > now;
            await audit.RecordAsync(user.Name, "login.failure", user.Name, nowLocked ? "wrong password; account locked" : "wrong password", remoteIp, ct);
            return nowLocked ? new LoginResult(LoginOutcome.LockedOut, LockedUntil: after!.LockedUntil) : new LoginResult(LoginOutcome.InvalidCredentials);
        }
        await repository.ResetFailedLoginsAsync(user.Id, ct);
        var principal = await StartSessionAsync(user, remoteIp, ct);
        await audit.RecordAsync(user.Name, "login.success", user.Name, null, remoteIp, ct);
        return new LoginResult(LoginOutcome.Success, principal);
    }

    /// <summary>Creates the first admin with a valid setup token; returns the signed-in principal.</summary>
    public async Task<ClaimsPrincipal> SetupAsync(string token, string userName, string password, string? confirmation, string? remoteIp, CancellationToken ct)
    {
        if (!setupLinks.IsValid(token)) throw new AccessException("This setup link is invalid, used or expired. Run 'dashctl setup-link' for a fresh one.");
        Validate(userName, password, confirmation);
        var id = await repository.TryCreateFirstUserAsync(userName, Roles.Admin, _hasher.Hash(password), time.GetUtcNow(), ct)
            ?? throw new AccessException("An account already exists; log in instead.");
        setupLinks.ConsumeAll();
        await audit.RecordAsync(userName, "user.create", userName, "first admin via setup link", remoteIp, ct);
        var user = await repository.GetUserAsync(id, ct) ?? throw new AccessException("The account vanished.");
        return await StartSessionAsync(user, remoteIp, ct);
    }

    /// <summary>Null when the session is unknown, revoked, idle too long, past its absolute lifetime, or its user is gone.</summary>
    public async Task<ClaimsPrincipal?> ValidateSessionAsync(string sessionId, bool touch, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var session = await repository.GetSessionAsync(sessionId, ct);
        if (session is null || session.Revoked is not null) return null;
        if (now - session.LastSeen > options.IdleTimeout || now - session.Created > options.AbsoluteTimeout)
        {
            await repository.RevokeSessionAsync(sessionId, now, ct);
            return null;
        }
        var user = await repository.GetUserAsync(session.UserId, ct);
        if (user is null) return null;
        // Touch at most once a minute: the idle timeout is in minutes, and this spares a write per request.
        if (touch && now - session.LastSeen > TimeSpan.FromMinutes(1)) await repository.TouchSessionAsync(sessionId, now, ct);
        return AccessClaims.ForSession(sessionId, user.Id, user.Name, user.Role);
    }

    public async Task<ClaimsPrincipal?> ValidateTokenAsync(string token, CancellationToken ct)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal)) return null;
        var record = await repository.FindTokenByHashAsync(HashToken(token), ct);
        if (record is null || record.Revoked is not null) return null;
        var now = time.GetUtcNow();
        if (record.LastUsed is not { } used || now - used > TimeSpan.FromMinutes(1)) await repository.TouchTokenAsync(record.Id, now, ct);
        return AccessClaims.ForToken(record.Id, record.Name, record.Role);
    }

    /// <summary>For the sweeper: is the session ("s:") or token ("t:") behind a revocation key still valid?</summary>
    public async Task<bool> IsKeyValidAsync(string key, CancellationToken ct)
    {
        if (key.StartsWith("s:", StringComparison.Ordinal)) return await ValidateSessionAsync(key[2..], touch: false, ct) is not null;
        if (key.StartsWith("t:", StringComparison.Ordinal) && long.TryParse(key[2..], CultureInfo.InvariantCulture, out var id))
            return (await repository.ListTokensAsync(ct)).Any(t => t.Id == id && t.Revoked is null);
        return false;
    }

    /// <summary>Is this principal (cookie session or token) still allowed? Used by circuit revalidation. The unix
    /// socket's caller always is (its connection is its credential).</summary>
    public async Task<bool> IsPrincipalValidAsync(ClaimsPrincipal user, CancellationToken ct) =>
        AccessClaims.IsUnixSocket(user) || AccessClaims.RevocationKey(user) is { } key && await IsKeyValidAsync(key, ct);

    public async Task LogoutAsync(ClaimsPrincipal user, string? remoteIp, CancellationToken ct)
    {
        if (user.FindFirstValue(AccessClaims.SessionId) is not { } sid) return;
        await repository.RevokeSessionAsync(sid, time.GetUtcNow(), ct);
        revoker.Revoke("s:" + sid);
        await audit.RecordAsync(user, "logout", user.Identity?.Name, null, remoteIp, ct);
    }

    // ---- user management (admins; the caller checks the policy: UiActions for the Settings page) ----

    public Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken ct) => repository.ListUsersAsync(ct);

    public async Task CreateUserAsync(ClaimsPrincipal actor, string userName, string role, string password, CancellationToken ct)
    {
        Validate(userName, password, null);
        if (!Roles.IsValid(role)) throw new AccessException($"Unknown role '{role}'.");
        _ = await repository.TryCreateUserAsync(userName, role, _hasher.Hash(password), time.GetUtcNow(), ct)
            ?? throw new AccessException($"A user named '{userName}' already exists.");
        await audit.RecordAsync(actor, "user.create", userName, "role " + role, null, ct);
    }

    public async Task SetRoleAsync(ClaimsPrincipal actor, long userId, string role, CancellationToken ct)
    {
        if (!Roles.IsValid(role)) throw new AccessException($"Unknown role '{role}'.");
        var user = await RequireUserAsync(userId, ct);
        if (user.Role == Roles.Admin && role != Roles.Admin) await EnsureAnotherAdminAsync(user, ct);
        await repository.SetRoleAsync(userId, role, ct);
        await RevokeAllAsync(userId, null, ct); // the role is in the cookie: make them log in again
        await audit.RecordAsync(actor, "user.role", user.Name, $"{user.Role} -> {role}", null, ct);
    }

    /// <summary>Sets a new password and revokes the user's other sessions (all of them when an admin resets someone else's).</summary>
    public async Task SetPasswordAsync(ClaimsPrincipal actor, long userId, string password, string? confirmation, CancellationToken ct)
    {
        if (PasswordRules.Check(password, confirmation) is { } problem) throw new AccessException(problem);
        var user = await RequireUserAsync(userId, ct);
        await repository.SetPasswordAsync(userId, _hasher.Hash(password), ct);
        await RevokeAllAsync(userId, actor.FindFirstValue(AccessClaims.SessionId), ct);
        await audit.RecordAsync(actor, "user.password", user.Name, null, null, ct);
    }

    public async Task DeleteUserAsync(ClaimsPrincipal actor, long userId, CancellationToken ct)
    {
        var user = await RequireUserAsync(userId, ct);
        if (user.Role == Roles.Admin) await EnsureAnotherAdminAsync(user, ct);
        await RevokeAllAsync(userId, null, ct);
        await repository.DeleteUserAsync(userId, ct);
        await audit.RecordAsync(actor, "user.delete", user.Name, null, null, ct);
    }

    // ---- API tokens ----

    public Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken ct) => repository.ListTokensAsync(ct);

    /// <summary>Creates a token and returns its secret, which is shown once and never stored.</summary>
    public async Task<string> CreateTokenAsync(ClaimsPrincipal actor, string name, string role, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64) throw new AccessException("Give the token a name (at most 64 characters).");
        if (!Roles.IsValid(role)) throw new AccessException($"Unknown role '{role}'.");
        var secret = TokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await repository.CreateTokenAsync(name, role, HashToken(secret), actor.Identity?.Name ?? AccessClaims.UnixSocketName, time.GetUtcNow(), ct);
        await audit.RecordAsync(actor, "token.create", name, "role " + role, null, ct);
        return secret;
    }

    public async Task RevokeTokenAsync(ClaimsPrincipal actor, long tokenId, CancellationToken ct)
    {
        var token = (await repository.ListTokensAsync(ct)).FirstOrDefault(t => t.Id == tokenId) ?? throw new AccessException("No such token.");
        await repository.RevokeTokenAsync(tokenId, time.GetUtcNow(), ct);
        revoker.Revoke("t:" + tokenId.ToString(CultureInfo.InvariantCulture));
        await audit.RecordAsync(actor, "token.revoke", token.Name, null, null, ct);
    }

    internal static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private async Task<ClaimsPrincipal> StartSessionAsync(UserRecord user, string? remoteIp, CancellationToken ct)
    {
        var sid = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        await repository.CreateSessionAsync(sid, user.Id, time.GetUtcNow(), remoteIp, ct);
        return AccessClaims.ForSession(sid, user.Id, user.Name, user.Role);
    }

    private async Task RevokeAllAsync(long userId, string? exceptSessionId, CancellationToken ct)
    {
        foreach (var sid in await repository.RevokeUserSessionsAsync(userId, exceptSessionId, time.GetUtcNow(), ct)) revoker.Revoke("s:" + sid);
    }

    private async Task<UserRecord> RequireUserAsync(long id, CancellationToken ct) =>
        await repository.GetUserAsync(id, ct) ?? throw new AccessException("No such user.");

    private async Task EnsureAnotherAdminAsync(UserRecord user, CancellationToken ct)
    {
        if (!(await repository.ListUsersAsync(ct)).Any(u => u.Id != user.Id && u.Role == Roles.Admin))
            throw new AccessException("This is the last admin; make someone else admin first.");
    }

    private static void Validate(string userName, string password, string? confirmation)
    {
        if (PasswordRules.CheckUserName(userName) is { } nameProblem) throw new AccessException(nameProblem);
        if (PasswordRules.Check(password, confirmation) is { } problem) throw new AccessException(problem);
    }
}
