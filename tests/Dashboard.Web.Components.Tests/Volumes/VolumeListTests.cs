using Dashboard.Engine.Containers;
using Dashboard.Engine.Persistence;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Volumes;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Tests.Fakes;
using Dashboard.Web.Components.Volumes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Volumes;

/// <summary>The Volumes page over a real volume service (an in-memory store, volume directories in a temp dir) and a
/// fake engine's containers as the users.</summary>
public sealed class VolumeListTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _root = Directory.CreateTempSubdirectory("dash-volumes-ui-").FullName;
    private readonly FakeAuditLog _audit = new();
    private readonly VolumeService _volumes;
    private readonly ContainerRecord _web;

    public VolumeListTests()
    {
        _volumes = new VolumeService(new MemoryVolumeStore(), Path.Combine(_root, "volumes"), NullLogger<VolumeService>.Instance);
        _web = FakeEngine.Record("web") is var web
            ? web with { Config = web.Config with { Volumes = [new VolumeMount { Name = "pgdata", Destination = "/var/lib/data" }] } }
            : null!;
        _volumes.UseContainers(() => [_web]);
        Services.AddSingleton(_volumes);
        Services.AddSingleton<IContainerEngine>(new FakeEngine(_web));
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddMudServices();
        Services.AddScoped<UiActions>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public async Task InitializeAsync()
    {
        await _volumes.InitializeAsync(CancellationToken.None);
        await _volumes.CreateAsync(new VolumeCreateRequest { Name = "pgdata", Labels = new Dictionary<string, string> { ["tier"] = "db" } }, CancellationToken.None);
        await _volumes.CreateAsync(new VolumeCreateRequest { Name = "scratch" }, CancellationToken.None);
        await File.WriteAllBytesAsync(Path.Combine(_volumes.DataPath("scratch"), "blob"), new byte[3 << 20]);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private IRenderedComponent<VolumeList> RenderAs(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(role + "-user");
        auth.SetRoles(role);
        auth.SetPolicies(role == Roles.Viewer ? [Roles.Policies.Viewer] : [Roles.Policies.Operator, Roles.Policies.Viewer]);
        var cut = Render<VolumeList>();
        if (role != Roles.Viewer) cut.WaitForElement("[data-testid=volume-create]", Wait);
        // Sizes arrive from the background and re-render the table: settled first, so that a click finds its handler.
        cut.WaitForAssertion(() => Assert.DoesNotContain("…", cut.Find("[data-testid=volumes-table]").TextContent), Wait);
        return cut;
    }

    [Fact]
    public void Lists_each_volume_with_its_driver_labels_users_and_size_measured_off_the_render()
    {
        var cut = RenderAs(Roles.Viewer);
        var table = cut.Find("[data-testid=volumes-table]").TextContent;
        Assert.Contains("pgdata", table);
        Assert.Contains("tier=db", table);
        Assert.Contains("local", table);
        var users = cut.Find("[data-testid=users-pgdata]");
        Assert.Equal("/containers/web", users.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("/var/lib/data", users.TextContent);
        Assert.Contains("unused", cut.Find("[data-testid=users-scratch]").TextContent);
        // The first render does not wait for the walk; the size arrives by itself.
        cut.WaitForAssertion(() => Assert.Equal("3 MiB", cut.Find("[data-testid=size-scratch]").TextContent.Trim()), Wait);
    }

    [Fact]
    public void A_viewer_sees_but_cannot_create_remove_or_prune()
    {
        var cut = RenderAs(Roles.Viewer);
        Assert.Empty(cut.FindAll("[data-testid=volume-create]"));
        Assert.Empty(cut.FindAll("[data-testid=remove-scratch]"));
        Assert.Empty(cut.FindAll("[data-testid=volume-prune]"));
    }

    [Fact]
    public void Removing_a_volume_in_use_names_the_container_and_keeps_it()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find("[data-testid=remove-pgdata]").Click();
        Assert.Contains("in use by web", cut.Find("[data-testid=volumes-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=volume-remove-confirm]"));
        Assert.True(_volumes.Exists("pgdata"));
        Assert.Empty(_audit.Entries);
    }

    [Fact]
    public void Removing_an_unused_volume_removes_its_directory_and_audits_it()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find("[data-testid=remove-scratch]").Click();
        cut.Find("[data-testid=volume-remove-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Removed volume scratch", cut.Find("[data-testid=volumes-message]").TextContent), Wait);
        Assert.False(_volumes.Exists("scratch"));
        Assert.False(Directory.Exists(Path.Combine(_root, "volumes", "scratch")));
        Assert.Empty(cut.FindAll("[data-testid=volume-scratch]"));
        Assert.Contains(_audit.Entries, e => e.Action == "volume.remove" && e.Target == "scratch");
    }

    [Fact]
    public void Create_makes_a_labelled_volume_and_a_bad_name_says_why()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find("input[data-testid=volume-name], [data-testid=volume-name] input").Input("cache");
        cut.Find("input[data-testid=volume-labels], [data-testid=volume-labels] input").Input("team=a, temp");
        cut.Find("[data-testid=volume-create-button]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Created volume cache", cut.Find("[data-testid=volumes-message]").TextContent), Wait);
        Assert.Equal("a", _volumes.Get("cache").Volume.Labels["team"]);
        Assert.Contains(_audit.Entries, e => e.Action == "volume.create" && e.Target == "cache");

        cut.Find("input[data-testid=volume-name], [data-testid=volume-name] input").Input("bad/name");
        cut.Find("[data-testid=volume-create-button]").Click();
        cut.WaitForAssertion(() => Assert.Contains("includes invalid characters", cut.Find("[data-testid=volumes-error]").TextContent), Wait);
    }

    [Fact]
    public void Prune_all_removes_the_unused_named_volumes_and_leaves_the_used_one()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find("[data-testid=volume-prune]").Click();
        cut.WaitForAssertion(() => Assert.Contains("No unused volumes", cut.Find("[data-testid=volumes-message]").TextContent), Wait);
        Assert.True(_volumes.Exists("scratch")); // named: only --all prunes it

        cut.Find("input[data-testid=volume-prune-all], [data-testid=volume-prune-all] input").Change(true);
        cut.Find("[data-testid=volume-prune]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Pruned 1 volume(s)", cut.Find("[data-testid=volumes-message]").TextContent), Wait);
        Assert.False(_volumes.Exists("scratch"));
        Assert.True(_volumes.Exists("pgdata"));
    }

    private sealed class MemoryVolumeStore : IVolumeStore
    {
        private readonly List<VolumeRecord> _rows = [];

        public Task<IReadOnlyList<VolumeRecord>> LoadVolumesAsync(CancellationToken cancellationToken)
        {
            lock (_rows) return Task.FromResult<IReadOnlyList<VolumeRecord>>(_rows.ToList());
        }

        public Task InsertVolumeAsync(VolumeRecord volume, CancellationToken cancellationToken)
        {
            lock (_rows) _rows.Add(volume);
            return Task.CompletedTask;
        }

        public Task DeleteVolumeAsync(string name, CancellationToken cancellationToken)
        {
            lock (_rows) _rows.RemoveAll(v => v.Name == name);
            return Task.CompletedTask;
        }
    }
}
