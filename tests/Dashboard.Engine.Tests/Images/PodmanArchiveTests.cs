using System.Runtime.CompilerServices;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Tests.Images;

/// <summary>Archives made by a real tool (podman save, see Fixtures/README.md), not by our own builder.</summary>
public sealed class PodmanArchiveTests : IDisposable
{
    private const string ImageId = "sha256:22a2b5d626abfe642d676098216b82b75b3c1bb53180f7715540d9b1a1d1256c";
    private readonly TempDir _root = new();
    private readonly ImageService _images;

    public PodmanArchiveTests() =>
        _images = new ImageService(new EngineOptions { DataRoot = _root.Path }, new FakeImageUsage(), NullLogger<ImageService>.Instance);

    public void Dispose() => _root.Dispose();

    private static string Fixture(string name, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Fixtures", name);

    [Theory]
    [InlineData("podman-docker-archive.tar.gz")]
    [InlineData("podman-oci-archive.tar.gz")]
    public async Task Podman_archives_load_with_their_tag_config_and_absolute_symlink(string fixture)
    {
        await using var archive = File.OpenRead(Fixture(fixture));

        var image = Assert.Single(await _images.LoadAsync(archive, default));

        Assert.Equal(ImageId, image.Id);
        Assert.Equal(["localhost/tiny:fixture"], image.RepoTags);
        Assert.Equal(["/bin/app", "x"], image.Config.Cmd);
        Assert.Contains("FOO=bar", image.Config.Env);
        Assert.Equal("/etc", image.Config.WorkingDir);
        var layer = Assert.Single(_images.LayerPaths(image));
        Assert.Equal("hello podman\n", File.ReadAllText(Path.Combine(layer, "etc/hello")));
        Assert.Equal("/etc/hello", new FileInfo(Path.Combine(layer, "bin/abs-link")).LinkTarget);
        Assert.Equal(ImageId, _images.Resolve("localhost/tiny:fixture").Id);
    }
}
