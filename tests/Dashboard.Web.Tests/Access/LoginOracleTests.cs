using System.Net;
using Dashboard.Web.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// Whether a user name exists must not show, neither in the answer nor in its time: unknown names are counted and
/// locked like accounts, and every path (unknown, wrong password, locked, right password) does the same hash work.
/// </summary>
public sealed class LoginOracleTests
{
    /// <summary>Counts the password checks a login makes and the cost of the hash each one checks against.</summary>
    private sealed class CountingHasher : IPasswordHasher
    {
        public List<string> Checked { get; } = [];
        public string Hash(string password) => PasswordHasher.HashPassword(password);

        public bool Verify(string password, string stored)
        {
            lock (Checked) Checked.Add(stored.Split('$')[1]); // the iteration count
            return PasswordHasher.Verify(password, stored);
        }

        public List<string> Take()
        {
            lock (Checked)
            {
                var taken = Checked.ToList();
                Checked.Clear();
                return taken;
            }
        }
    }

    private static string Error(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), response.Headers.Location!).Query);
        return query["error"] ?? "none";
    }

    [Fact]
    public async Task An_unknown_name_gets_the_same_answers_as_an_account_after_five_failures()
    {
        await using var host = await AccessHost.StartAsync();
        await host.CreateAdminAsync();
        await host.CreateUserAsync("alice", Roles.Viewer, "alice-password-1");
        using var browser = host.Tcp();

        var known = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < host.Options.LockoutThreshold + 2; i++)
        {
            known.Add(Error(await AccessHost.LoginAsync(browser, "alice", "wrong-password!")));
            unknown.Add(Error(await AccessHost.LoginAsync(browser, "nobody", "wrong-password!")));
        }
        Assert.Equal(known, unknown);
        Assert.Equal([.. Enumerable.Repeat("invalid", host.Options.LockoutThreshold - 1), .. Enumerable.Repeat("locked", 3)], unknown);
        // Names differ only in case in SQLite's eyes: so here.
        Assert.Equal("locked", Error(await AccessHost.LoginAsync(browser, "NoBody", "wrong-password!")));

        // When the lock ends, both start a fresh count.
        host.Clock.Advance(host.Options.LockoutDuration + TimeSpan.FromSeconds(1));
        Assert.Equal("invalid", Error(await AccessHost.LoginAsync(browser, "alice", "wrong-password!")));
        Assert.Equal("invalid", Error(await AccessHost.LoginAsync(browser, "nobody", "wrong-password!")));
    }

    [Fact]
    public async Task Every_login_path_runs_one_full_cost_password_hash()
    {
        var hasher = new CountingHasher();
        await using var host = await AccessHost.StartAsync(services: s => s.AddSingleton<IPasswordHasher>(hasher));
        await host.CreateAdminAsync();
        await host.CreateUserAsync("alice", Roles.Viewer, "alice-password-1");
        hasher.Take();
        var cost = PasswordHasher.Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture);

        async Task<List<string>> AttemptAsync(string user, string password) =>
            await host.WithAccessAsync(async a =>
            {
                await a.LoginAsync(user, password, null, CancellationToken.None);
                return hasher.Take();
            });

        Assert.Equal([cost], await AttemptAsync("alice", "alice-password-1")); // success
        Assert.Equal([cost], await AttemptAsync("nobody", "whatever-password")); // unknown
        for (var i = 0; i < host.Options.LockoutThreshold; i++)
        {
            Assert.Equal([cost], await AttemptAsync("alice", "wrong-password!")); // wrong, then locking
            if (i > 0) Assert.Equal([cost], await AttemptAsync("nobody", "whatever-password"));
        }
        Assert.Equal([cost], await AttemptAsync("alice", "alice-password-1")); // locked (was 6-8 ms: no hash)
        Assert.Equal([cost], await AttemptAsync("nobody", "whatever-password")); // unknown and locked
        Assert.Equal([cost], await AttemptAsync("", ""));
    }
}
