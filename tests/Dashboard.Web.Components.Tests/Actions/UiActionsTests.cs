using System.Security.Claims;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Components.Tests.Actions;

/// <summary>
/// The pages' one way to act (<see cref="UiActions"/>), with the framework's own authorization service: it asks the
/// circuit's user, refuses before the engine is touched, and audits what it did in the API's words.
/// </summary>
public sealed class UiActionsTests
{
    private readonly FakeEngine _engine = new(FakeEngine.Web, FakeEngine.Record("db", ContainerStatus.Exited));
    private readonly FakeAuditLog _audit = new();

    private UiActions As(string role)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthorizationCore();
        services.AddSingleton<AuthenticationStateProvider>(new FixedUser(AccessClaims.ForSession("sid", 1, role + "-user", role)));
        services.AddSingleton<IContainerEngine>(_engine);
        services.AddSingleton<IAuditLog>(_audit);
        services.AddScoped<UiActions>();
        return services.BuildServiceProvider().CreateScope().ServiceProvider.GetRequiredService<UiActions>();
    }

    [Fact]
    public async Task A_viewer_is_refused_before_the_engine_is_asked_and_nothing_is_audited()
    {
        var actions = As(Roles.Viewer);
        var refused = await Assert.ThrowsAsync<ActionRefusedException>(() => actions.ContainerAsync(ContainerVerb.Stop, FakeEngine.Web, CancellationToken.None));
        Assert.Equal("Only operators and admins can change containers.", refused.Message);
        await Assert.ThrowsAsync<ActionRefusedException>(() => actions.RemoveContainerAsync(FakeEngine.Web, force: true, CancellationToken.None));
        await Assert.ThrowsAsync<ActionRefusedException>(() => actions.UpdateLimitsAsync(FakeEngine.Web, new LimitsUpdate { Memory = "64m" }, CancellationToken.None));
        await Assert.ThrowsAsync<ActionRefusedException>(() => actions.LaunchAsync(new CreateContainerRequest { Image = "busybox" }, CancellationToken.None));
        Assert.Empty(_engine.Calls);
        Assert.Empty(_engine.Created);
        Assert.Empty(_audit.Entries);
        Assert.False(await actions.CanAsync(UiPermission.ChangeContainers));
        Assert.False(await actions.CanAsync(UiPermission.SeeEnvironmentValues));
    }

    [Theory]
    [InlineData(ContainerVerb.Start, "start", "container.start")]
    [InlineData(ContainerVerb.Stop, "stop", "container.stop")]
    [InlineData(ContainerVerb.Kill, "kill", "container.kill")]
    [InlineData(ContainerVerb.Pause, "pause", "container.pause")]
    public async Task An_operator_acts_and_the_action_is_audited_in_the_apis_words(ContainerVerb verb, string call, string action)
    {
        await As(Roles.Operator).ContainerAsync(verb, FakeEngine.Web, CancellationToken.None);
        Assert.Equal([$"{call} web"], _engine.Calls);
        Assert.Equal([("operator-user", action, (string?)"web", (string?)null)], _audit.Entries);
    }

    [Fact]
    public async Task A_failed_action_is_not_audited()
    {
        _engine.StartFailure = new InvalidContainerStateException("web", "dead", "start");
        await Assert.ThrowsAsync<InvalidContainerStateException>(() => As(Roles.Admin).ContainerAsync(ContainerVerb.Start, FakeEngine.Web, CancellationToken.None));
        Assert.Empty(_audit.Entries);
    }

    [Fact]
    public async Task An_operator_cannot_launch_into_a_host_namespace_and_an_admin_can()
    {
        var request = new CreateContainerRequest { Image = "busybox", Name = "hostnet", NetworkMode = "host" };
        var refused = await Assert.ThrowsAsync<ValidationException>(() => As(Roles.Operator).LaunchAsync(request, CancellationToken.None));
        Assert.Contains(refused.Errors, e => e.Field == "network" && e.Message.Contains("only admins", StringComparison.Ordinal));
        Assert.Empty(_engine.Created);
        Assert.Empty(_audit.Entries);
        Assert.NotEmpty((await As(Roles.Operator).CreateRefusalsAsync())(request));
        Assert.False(await As(Roles.Operator).CanAsync(UiPermission.UseHostNamespaces));

        var launched = await As(Roles.Admin).LaunchAsync(request, CancellationToken.None);
        Assert.Null(launched.StartError);
        Assert.Empty((await As(Roles.Admin).CreateRefusalsAsync())(request));
        Assert.Equal(("admin-user", "container.create", (string?)launched.Created.Name, (string?)null), Assert.Single(_audit.Entries));
    }

    [Fact]
    public async Task Users_and_tokens_are_for_admins()
    {
        var actions = As(Roles.Operator);
        var refused = await Assert.ThrowsAsync<ActionRefusedException>(() => actions.CreateUserAsync("eve", Roles.Admin, "eve-password-12", CancellationToken.None));
        Assert.Equal("Only admins can manage users and API tokens.", refused.Message);
        await Assert.ThrowsAsync<ActionRefusedException>(() => actions.CreateTokenAsync("ci", Roles.Admin, CancellationToken.None));
        Assert.False(await actions.CanAsync(UiPermission.ManageAccess));
        Assert.True(await As(Roles.Admin).CanAsync(UiPermission.ManageAccess));
    }

    private sealed class FixedUser(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
