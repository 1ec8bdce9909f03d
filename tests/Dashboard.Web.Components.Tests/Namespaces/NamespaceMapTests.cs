using Dashboard.Engine.Inspection;
using Dashboard.Web.Access;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NamespacesPage = Dashboard.Web.Components.Pages.Namespaces;

namespace Dashboard.Web.Components.Tests.Namespaces;

/// <summary>The host-wide map page: shared namespaces grouped, the host's marked, private ones listed.</summary>
public sealed class NamespaceMapTests : BunitContext, IAsyncLifetime
{
    private readonly FakeNamespaceInspector _inspector = new();

    public NamespaceMapTests()
    {
        Services.AddSingleton<INamespaceInspector>(_inspector);
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = AddAuthorization();
        auth.SetAuthorized("root");
        auth.SetRoles(Roles.Admin);
        auth.SetPolicies(Roles.Policies.Admin, Roles.Policies.Operator, Roles.Policies.Viewer);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static List<string> Links(AngleSharp.Dom.IElement element) =>
        element.QuerySelectorAll("a").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public void Shared_namespaces_are_grouped_and_the_hosts_own_marked()
    {
        var cut = Render<NamespacesPage>();

        var net = cut.Find("[data-testid=map-net]");
        var host = Assert.Single(net.QuerySelectorAll("[data-testid=map-host-group]"));
        Assert.Contains("net:[4026531840]", host.TextContent);
        Assert.Contains("host's own", host.QuerySelector("[data-testid=map-host]")!.TextContent);
        Assert.Equal(["hostnet"], Links(host));
        var shared = Assert.Single(net.QuerySelectorAll("[data-testid=map-shared-group]"));
        Assert.Contains("net:[4026532293]", shared.TextContent);
        Assert.Contains("shared by 2", shared.TextContent);
        Assert.Equal(["web", "sidecar"], Links(shared));
        Assert.Equal("/containers/sidecar/namespaces", shared.QuerySelector("a[data-testid=link-sidecar]")!.GetAttribute("href"));
        Assert.Null(net.QuerySelector("[data-testid=map-private]"));

        var user = cut.Find("[data-testid=map-user]");
        Assert.Equal(["web", "sidecar", "hostnet"], Links(Assert.Single(user.QuerySelectorAll("[data-testid=map-host-group]"))));
    }

    [Fact]
    public void Private_namespaces_are_listed_one_container_each()
    {
        var cut = Render<NamespacesPage>();

        var uts = cut.Find("[data-testid=map-uts]");
        Assert.Empty(uts.QuerySelectorAll("[data-testid=map-host-group], [data-testid=map-shared-group]"));
        var listed = uts.QuerySelector("[data-testid=map-private]")!;
        Assert.Equal(["hostnet", "sidecar", "web"], Links(listed));
        Assert.Equal("uts:[4026532289]", listed.QuerySelector("a[data-testid=link-web]")!.GetAttribute("title"));
        // Types no running container has a group for are left out rather than drawn empty.
        Assert.Empty(cut.FindAll("[data-testid=map-pid]"));
    }

    [Fact]
    public void No_running_container_says_so_and_refresh_reads_again()
    {
        _inspector.OnMap = () => new NamespaceMap(DateTimeOffset.UtcNow, []);
        var cut = Render<NamespacesPage>();
        Assert.Contains("No container is running", cut.Find("[data-testid=map-empty]").TextContent);

        _inspector.OnMap = NamespaceSamples.Map;
        cut.Find("[data-testid=map-refresh]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=map-net]")));
        Assert.Equal(2, _inspector.MapCalls);
    }
}

/// <summary>The map page through the app's router, as an operator: the role notice, and no read of the map.</summary>
public sealed class NamespaceMapAccessTests : BunitContext, IAsyncLifetime
{
    [Fact]
    public void An_operator_is_refused_the_map_page()
    {
        var inspector = new FakeNamespaceInspector();
        Services.AddSingleton<INamespaceInspector>(inspector);
        Services.AddSingleton(InMemoryEventStore.NewHub(out _)); // the layout's OOM alerts subscribe to it
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = AddAuthorization();
        auth.SetAuthorized("olga");
        auth.SetRoles(Roles.Operator);
        auth.SetPolicies(Roles.Policies.Operator, Roles.Policies.Viewer);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/namespaces");

        var cut = Render<Routes>();

        cut.WaitForAssertion(() => Assert.Contains("Your role does not allow this page.", cut.Markup));
        Assert.Empty(cut.FindAll("[data-testid=map-refresh]"));
        Assert.Equal(0, inspector.MapCalls);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
