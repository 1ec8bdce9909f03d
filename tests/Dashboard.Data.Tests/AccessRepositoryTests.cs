using Dashboard.Data.Access;

namespace Dashboard.Data.Tests;

/// <summary>Migration 0003 and the access repository: users, lockout counters, sessions, tokens, audit.</summary>
public sealed class AccessRepositoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Migration_0003_adds_the_access_tables_on_top_of_0002()
    {
        var database = _temp.OpenUnmigrated();
        Assert.Equal(2, database.Migrate(2));
        Assert.Equal(3, database.Migrate(3));
        Assert.Equal("access", SchemaMigrator.Embedded[2].Name);
        using var connection = database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
        using var reader = command.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        Assert.Equal(["api_tokens", "audit_log", "containers", "events", "sessions", "stats_rollups", "users"], tables);
    }

    [Fact]
    public async Task First_user_is_created_once_and_names_are_unique_ignoring_case()
    {
        var repo = new AccessRepository(_temp.Open());
        Assert.NotNull(await repo.TryCreateFirstUserAsync("Admin", "admin", "h", T0, default));
        Assert.Null(await repo.TryCreateFirstUserAsync("other", "admin", "h", T0, default));
        Assert.Null(await repo.TryCreateUserAsync("admin", "viewer", "h", T0, default));
        Assert.NotNull(await repo.TryCreateUserAsync("bob", "viewer", "h", T0, default));
        Assert.Equal(2, await repo.CountUsersAsync(default));
        Assert.Equal("Admin", (await repo.FindUserAsync("ADMIN", default))!.Name);
    }

    [Fact]
    public async Task Failed_logins_lock_at_the_threshold_and_reset()
    {
        var repo = new AccessRepository(_temp.Open());
        var id = (await repo.TryCreateUserAsync("bob", "viewer", "h", T0, default))!.Value;
        for (var i = 0; i < 4; i++) await repo.RecordFailedLoginAsync(id, 5, T0.AddMinutes(15), default);
        Assert.Null((await repo.GetUserAsync(id, default))!.LockedUntil);
        await repo.RecordFailedLoginAsync(id, 5, T0.AddMinutes(15), default);
        Assert.Equal(T0.AddMinutes(15), (await repo.GetUserAsync(id, default))!.LockedUntil);
        await repo.ResetFailedLoginsAsync(id, default);
        var user = (await repo.GetUserAsync(id, default))!;
        Assert.Equal(0, user.FailedLogins);
        Assert.Null(user.LockedUntil);
    }

    [Fact]
    public async Task Sessions_are_revoked_singly_or_all_but_one_and_go_with_their_user()
    {
        var repo = new AccessRepository(_temp.Open());
        var id = (await repo.TryCreateUserAsync("bob", "viewer", "h", T0, default))!.Value;
        foreach (var sid in new[] { "a", "b", "c" }) await repo.CreateSessionAsync(sid, id, T0, "127.0.0.1", default);
        Assert.True(await repo.RevokeSessionAsync("a", T0, default));
        Assert.False(await repo.RevokeSessionAsync("a", T0, default));
        Assert.Equal(["c"], await repo.RevokeUserSessionsAsync(id, "b", T0, default));
        Assert.Null((await repo.GetSessionAsync("b", default))!.Revoked);
        Assert.True(await repo.DeleteUserAsync(id, default));
        Assert.Null(await repo.GetSessionAsync("b", default));
    }

    [Fact]
    public async Task Tokens_and_audit_round_trip()
    {
        var repo = new AccessRepository(_temp.Open());
        var id = await repo.CreateTokenAsync("ci", "operator", "abc123", "admin", T0, default);
        Assert.Equal("ci", (await repo.FindTokenByHashAsync("abc123", default))!.Name);
        await repo.RevokeTokenAsync(id, T0.AddHours(1), default);
        Assert.Equal(T0.AddHours(1), (await repo.ListTokensAsync(default)).Single().Revoked);

        await repo.AppendAuditAsync(T0, "admin", "user.create", "bob", "role viewer", "127.0.0.1", default);
        await repo.AppendAuditAsync(T0.AddSeconds(1), "bob", "login.success", "bob", null, null, default);
        var entries = await repo.ListAuditAsync(10, default);
        Assert.Equal(["login.success", "user.create"], entries.Select(e => e.Action));
        Assert.Equal("role viewer", entries[1].Detail);
    }
}
