using Dashboard.Data;
using Dashboard.Data.Access;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests;

/// <summary>Settings > Users against the real AccessService over a temporary SQLite file.</summary>
public sealed class UserManagementTests : BunitContext, IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dash-bunit-").FullName;
    private readonly SqliteDatabase _db;
    private readonly AccessService _access;

    public UserManagementTests()
    {
        _db = SqliteDatabase.Open(Path.Combine(_dir, "d.db"));
        var repository = new AccessRepository(_db);
        var options = new AccessOptions();
        var audit = new AuditLog(repository, TimeProvider.System, NullLogger<AuditLog>.Instance);
        var links = new SetupLinks(options, TimeProvider.System);
        _access = new AccessService(repository, options, links, audit, new ConnectionRevoker(), TimeProvider.System);
        var (token, _) = links.Issue();
        _access.SetupAsync(token, "admin", "admin-password-1", null, null, CancellationToken.None).GetAwaiter().GetResult();
        Services.AddSingleton(_access);
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = AddAuthorization();
        auth.SetAuthorized("admin");
        auth.SetRoles(Roles.Admin);
    }

    [Fact]
    public void Lists_users_and_creates_one()
    {
        var cut = Render<UserManagement>();
        Assert.Contains("admin", cut.Find("[data-testid=users] table").TextContent);

        cut.Find("input[data-testid=new-user-name]").Change("bob");
        cut.Find("input[data-testid=new-user-password]").Change("bob-password-12");
        cut.Find("[data-testid=create-user]").Click();

        cut.WaitForAssertion(() => Assert.Contains("bob", cut.Find("[data-testid=users] table").TextContent), TimeSpan.FromSeconds(10));
        var bob = _access.ListUsersAsync(CancellationToken.None).Result.Single(u => u.Name == "bob");
        Assert.Equal(Roles.Viewer, bob.Role);
        Assert.True(PasswordHasher.Verify("bob-password-12", bob.PasswordHash));
    }

    [Fact]
    public void A_short_password_is_refused_with_the_rule()
    {
        var cut = Render<UserManagement>();
        cut.Find("input[data-testid=new-user-name]").Change("carol");
        cut.Find("input[data-testid=new-user-password]").Change("short");
        cut.Find("[data-testid=create-user]").Click();
        cut.WaitForAssertion(() => Assert.Contains("12 characters", cut.Find("[data-testid=users-error]").TextContent), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(_access.ListUsersAsync(CancellationToken.None).Result, u => u.Name == "carol");
    }

    [Fact]
    public void The_last_admin_cannot_be_deleted()
    {
        var cut = Render<UserManagement>();
        cut.Find("[data-testid=delete-admin]").Click();
        cut.WaitForAssertion(() => Assert.Contains("last admin", cut.Find("[data-testid=users-error]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Single(_access.ListUsersAsync(CancellationToken.None).Result);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor services are IAsyncDisposable only, so the context must be disposed asynchronously.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        _db.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
