using Dashboard.Engine.Events;
using Dashboard.Engine.Images;
using Dashboard.Engine.Tests.Containers.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Tests.Images;

public sealed class PublishingImageServiceTests
{
    private sealed class RecordingImages : IImageService
    {
        public IReadOnlyList<ImageRecord> List() => [FakeImageService.Busybox];
        public ImageRecord Resolve(string reference) => FakeImageService.Busybox;
        public bool TryResolve(string reference, out ImageRecord image) { image = FakeImageService.Busybox; return true; }
        public IReadOnlyList<string> LayerPaths(ImageRecord image) => [];
        public Task<ImageRecord> ImportAsync(Stream tarball, string? reference, string? message, CancellationToken cancellationToken) =>
            Task.FromResult(FakeImageService.Busybox with { RepoTags = [reference!] });
        public Task<IReadOnlyList<ImageRecord>> LoadAsync(Stream archive, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ImageRecord>>([FakeImageService.Busybox]);
        public Task<IReadOnlyList<ImageDeleteResult>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ImageDeleteResult>>([new("busybox:latest", null), new(null, FakeImageService.Busybox.Id)]);
        public Task EnsureBuiltinImageAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task<ImageRecord> TagAsync(string source, string target, CancellationToken cancellationToken) =>
            Task.FromResult(FakeImageService.Busybox with { RepoTags = [target] });
    }

    [Fact]
    public async Task Import_load_and_remove_are_published_as_image_events()
    {
        var store = new InMemoryEventStore();
        var images = new PublishingImageService(new RecordingImages(), new EventHub(store, NullLogger<EventHub>.Instance));
        await images.ImportAsync(Stream.Null, "mine:1", null, default);
        await images.LoadAsync(Stream.Null, default);
        await images.RemoveAsync("busybox", false, default);
        await images.TagAsync("busybox", "docker.io/library/mine:2", default);
        Assert.Equal(["import", "load", "untag", "delete", "tag"], store.Events.Select(e => e.Action));
        Assert.Equal("mine:2", store.Events[4].Attributes["name"]);
        Assert.Equal(FakeImageService.Busybox.Id, store.Events[4].ActorId);
        Assert.All(store.Events, e => Assert.Equal("image", e.Type));
        Assert.Equal("mine:1", store.Events[0].Attributes["name"]);
        Assert.Equal(FakeImageService.Busybox.Id, store.Events[3].ActorId);
    }
}
