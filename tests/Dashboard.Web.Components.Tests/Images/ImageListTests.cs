using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Images;
using Dashboard.Web.Components.Tests.ContainerList;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Images;

/// <summary>The Images page against an in-memory image store and a fake engine for the "used by" counts.</summary>
public sealed class ImageListTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ImageRecord _busybox = FakeImages.Image("busybox:latest", "aa", layers: 1, size: 2 << 20);
    private readonly ImageRecord _alpine = FakeImages.Image("alpine:3", "bb", layers: 2);
    private readonly FakeImages _images;
    private readonly FakeAuditLog _audit = new();
    private readonly ImageLimits _limits = new(MaxUploadBytes: 400_000, MaxUnpackedBytes: 0, MaxEntries: 0, FreeSpaceReserveBytes: 0);

    public ImageListTests()
    {
        _images = new FakeImages(_busybox, _alpine);
        _images.InUse.Add(_busybox.Id);
        var engine = new FakeEngine(FakeEngine.Record("one", imageId: _busybox.Id), FakeEngine.Record("two", imageId: _busybox.Id));
        Services.AddSingleton<IImageService>(_images);
        Services.AddSingleton<IContainerEngine>(engine);
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddSingleton(_limits);
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private IRenderedComponent<ImageList> RenderAs(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(role + "-user");
        auth.SetRoles(role);
        auth.SetPolicies(role == Roles.Viewer ? [Roles.Policies.Viewer] : [Roles.Policies.Operator, Roles.Policies.Viewer]);
        return Render<ImageList>();
    }

    [Fact]
    public void Lists_tags_id_size_layers_and_usage()
    {
        var cut = RenderAs(Roles.Viewer);
        var table = cut.Find("[data-testid=images-table]").TextContent;
        Assert.Contains("busybox:latest", table);
        Assert.Contains("alpine:3", table);
        Assert.Contains(_busybox.ShortId, table);
        Assert.Contains("2 MiB", table);
        Assert.Contains("2 container(s)", cut.Find($"[data-testid=used-by-{_busybox.ShortId}]").TextContent);
        Assert.Contains("0 container(s)", cut.Find($"[data-testid=used-by-{_alpine.ShortId}]").TextContent);
    }

    [Fact]
    public void A_viewer_cannot_remove_or_upload()
    {
        var cut = RenderAs(Roles.Viewer);
        Assert.Empty(cut.FindAll($"[data-testid=remove-{_busybox.ShortId}]"));
        Assert.Empty(cut.FindAll("[data-testid=image-uploads]"));
    }

    [Fact]
    public void Removing_an_image_in_use_shows_the_conflict_and_keeps_it()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find($"[data-testid=remove-{_busybox.ShortId}]").Click();
        cut.Find("[data-testid=image-remove-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Contains("in use", cut.Find("[data-testid=images-error]").TextContent), Wait);
        Assert.Contains("busybox:latest", cut.Find("[data-testid=images-table]").TextContent);
        Assert.Empty(_audit.Entries);
    }

    [Fact]
    public void Removing_an_unused_image_removes_and_audits_it()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find($"[data-testid=remove-{_alpine.ShortId}]").Click();
        cut.Find("[data-testid=image-remove-confirm]").Click();

        cut.WaitForAssertion(() => Assert.DoesNotContain("alpine:3", cut.Find("[data-testid=images-table]").TextContent), Wait);
        Assert.Contains(_audit.Entries, e => e.Action == "image.remove" && e.Target == "alpine:3" && e.Actor == "operator-user");
    }

    [Fact]
    public void Loading_an_archive_streams_every_byte_and_lists_the_new_image()
    {
        var cut = RenderAs(Roles.Operator);
        var payload = new byte[300_000];
        Random.Shared.NextBytes(payload);
        cut.FindComponents<InputFile>()[0].UploadFiles(InputFileContent.CreateFromBinary(payload, "saved.tar"));

        cut.WaitForAssertion(() => Assert.Contains("loaded:1", cut.Find("[data-testid=images-table]").TextContent), Wait);
        Assert.Equal(("load", 300_000L, (string?)null), _images.Received.Single());
        Assert.Contains("Loaded loaded:1", cut.Find("[data-testid=images-message]").TextContent);
        Assert.Contains(_audit.Entries, e => e.Action == "image.load" && e.Target == "loaded:1");
    }

    [Fact]
    public void Importing_a_rootfs_uses_the_reference_typed()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find("input[data-testid=import-reference], [data-testid=import-reference] input").Input("mine:v1");
        cut.FindComponents<InputFile>()[1].UploadFiles(InputFileContent.CreateFromBinary(new byte[1234], "rootfs.tar"));

        cut.WaitForAssertion(() => Assert.Contains("mine:v1", cut.Find("[data-testid=images-table]").TextContent), Wait);
        Assert.Equal(("import", 1234L, "mine:v1"), _images.Received.Single());
        Assert.Contains(_audit.Entries, e => e.Action == "image.import" && e.Target == "mine:v1");
    }

    [Fact]
    public void A_file_over_the_upload_limit_is_refused_from_its_size_and_never_sent()
    {
        var cut = RenderAs(Roles.Operator);
        cut.FindComponents<InputFile>()[0].UploadFiles(InputFileContent.CreateFromBinary(new byte[400_001], "huge.tar"));

        cut.WaitForAssertion(() => Assert.Contains(
            "Could not load huge.tar: the archive is larger than 390.63KiB (400000 bytes), the upload limit; raise Engine:ImageMaxUploadSize to accept it",
            cut.Find("[data-testid=images-error]").TextContent), Wait);
        Assert.Empty(_images.Received);
        Assert.Empty(cut.FindAll("[data-testid=upload-progress]"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}

/// <summary>Every role can open Images, so the link is shown to all.</summary>
public sealed class ImagesNavLinkTests : BunitContext
{
    [Fact]
    public void A_viewer_sees_the_images_link()
    {
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = AddAuthorization();
        auth.SetAuthorized("v");
        auth.SetRoles(Roles.Viewer);
        auth.SetPolicies(Roles.Policies.Viewer);
        var links = Render<Dashboard.Web.Components.Layout.NavMenu>().FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("images", links);
    }
}
