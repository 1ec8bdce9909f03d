using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Inspection;
using Dashboard.Engine.Stats;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Components.Tests.Detail;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Namespaces;

/// <summary>Who gets the Namespaces tab on the container page, and what a direct address does for the others.</summary>
public sealed class NamespacesAccessTests : BunitContext, IAsyncLifetime
{
    private readonly FakeNamespaceInspector _inspector = new();

    public NamespacesAccessTests()
    {
        Services.AddSingleton<IContainerEngine>(new FakeEngine(FakeEngine.Web));
        Services.AddSingleton<IStatsService>(new FakeStats());
        Services.AddSingleton(new EventHub(new InMemoryEventStore(), NullLogger<EventHub>.Instance));
        Services.AddSingleton<IAuditLog>(new FakeAuditLog());
        Services.AddSingleton<INamespaceInspector>(_inspector);
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.SetupModule("./assets/charts.js").Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<ContainerDetail> RenderAs(string role, string? tab = null)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(role);
        auth.SetPolicies(role switch
        {
            Roles.Admin => [Roles.Policies.Admin, Roles.Policies.Operator, Roles.Policies.Viewer],
            Roles.Operator => [Roles.Policies.Operator, Roles.Policies.Viewer],
            _ => [Roles.Policies.Viewer],
        });
        return Render<ContainerDetail>(p => p.Add(c => c.IdOrName, "web").Add(c => c.Tab, tab));
    }

    private static List<string> TabNames(IRenderedComponent<ContainerDetail> cut) =>
        cut.FindAll("[data-testid=detail-tabs] .mud-tab").Select(t => t.TextContent.Trim()).ToList();

    [Fact]
    public void An_admin_sees_the_tab_and_a_closed_tab_reads_nothing()
    {
        var cut = RenderAs(Roles.Admin);
        Assert.Equal(["Logs", "Inspect", "Limits", "Events", "Terminal", "Namespaces"], TabNames(cut));
        Assert.Equal(0, _inspector.InspectCalls);
    }

    [Fact]
    public void The_tabs_address_opens_it_for_an_admin()
    {
        var cut = RenderAs(Roles.Admin, "namespaces");
        Assert.Equal("net:[4026532293]", cut.Find("[data-testid=inode-net]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=ns-refused]"));
    }

    [Fact]
    public void Choosing_the_tab_gives_it_its_own_address()
    {
        var cut = RenderAs(Roles.Admin);
        cut.FindAll("[data-testid=detail-tabs] .mud-tab").Single(t => t.TextContent.Trim() == "Namespaces").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=ns-ids]")));
        Assert.EndsWith("/containers/web/namespaces", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Viewer)]
    public void Operators_and_viewers_see_no_tab(string role)
    {
        var cut = RenderAs(role);
        Assert.DoesNotContain("Namespaces", TabNames(cut));
        Assert.Empty(cut.FindAll("[data-testid=ns-refused]"));
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Viewer)]
    public void Operators_and_viewers_are_refused_the_tabs_address_in_words(string role)
    {
        var cut = RenderAs(role, "namespaces");
        Assert.Contains("Namespaces are for admins only", cut.Find("[data-testid=ns-refused]").TextContent);
        Assert.DoesNotContain("Namespaces", TabNames(cut));
        Assert.Empty(cut.FindAll("[data-testid=ns-ids]"));
        Assert.Equal(0, _inspector.InspectCalls);
    }
}
