using Dashboard.Web.Tests.Fakes;
using System.Net;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>docker load / import through the real CLI against a real image store with tiny limits: the CLI
/// prints the limit's message, and the store is left as it was.</summary>
public sealed class DockerCliImageLimitTests : IAsyncLifetime
{
    private readonly string _dataRoot = Directory.CreateTempSubdirectory("dash-limits-").FullName;
    private readonly List<string> _files = [];
    private readonly DockerApiServer _server;
    private readonly ImageService _images;
    private DockerCli _docker = null!;

    public DockerCliImageLimitTests()
    {
        var options = new EngineOptions
        {
            DataRoot = _dataRoot,
            ImageMaxUploadSize = "256KiB",
            ImageMaxUnpackedSize = "1MiB",
            ImageFreeSpaceReserve = "0",
        };
        _images = new ImageService(options, new NoUsage(), NullLogger<ImageService>.Instance);
        _server = new DockerApiServer { ImageService = _images, ImageLimits = ImageLimits.From(options) };
    }

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _docker = new DockerCli(_server.DockerHost);
    }

    public async Task DisposeAsync()
    {
        _docker.Dispose();
        foreach (var f in _files) File.Delete(f);
        await _server.DisposeAsync();
        Directory.Delete(_dataRoot, recursive: true);
    }

    private string Temp(byte[] bytes)
    {
        var path = TestArchives.WriteTemp(bytes);
        _files.Add(path);
        return path;
    }

    private async Task AssertRefusedAsync(string expected, params string[] args)
    {
        var result = await _docker.RunWithTimeoutAsync(TimeSpan.FromSeconds(60), args);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(expected, result.Stderr);
        Assert.Empty(_images.List());
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dataRoot, "image/layers")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_dataRoot, "image/tmp")));
        var images = await _docker.RunAsync("images", "-q");
        Assert.Equal("", images.Stdout.Trim());
    }

    [DockerCliFact]
    public async Task Load_of_a_gzip_bomb_layer_prints_the_unpacked_limit()
    {
        var archive = TestArchives.DockerSave("bomb:1", TestArchives.GzipBomb(files: 64, fileSize: 256 * 1024));
        Assert.True(archive.Length < 256 * 1024, $"{archive.Length} bytes");

        await AssertRefusedAsync(
            "the image unpacks to more than 1MiB, the limit per image; raise Engine:ImageMaxUnpackedSize to accept it",
            "load", "-i", Temp(archive));
    }

    [DockerCliFact]
    public async Task Load_of_an_archive_over_the_upload_limit_prints_it()
    {
        var noise = new byte[1024 * 1024];
        new Random(5).NextBytes(noise); // incompressible: the upload really is 1 MiB
        var archive = TestArchives.DockerSave("big:1", noise);

        await AssertRefusedAsync(
            "the archive is larger than 256KiB, the upload limit; raise Engine:ImageMaxUploadSize to accept it",
            "load", "-i", Temp(archive));
    }

    [DockerCliFact]
    public async Task Import_of_a_gzip_bomb_prints_the_unpacked_limit()
    {
        await AssertRefusedAsync(
            "raise Engine:ImageMaxUnpackedSize to accept it",
            "import", Temp(TestArchives.GzipBomb(files: 64, fileSize: 256 * 1024)), "bomb:1");
    }

    [DockerCliFact]
    public async Task Under_the_limits_load_still_works()
    {
        var result = await _docker.RunAsync("load", "-i", Temp(TestArchives.DockerSave("fine:1")));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Loaded image: fine:1\n", result.Stdout);
    }

    [Fact]
    public async Task The_upload_limit_is_413_and_a_declared_length_is_refused_from_its_header()
    {
        using var http = _server.CreateHttpClient();

        using var declared = await http.PostAsync("/v1.44/images/load", new ByteArrayContent(new byte[256 * 1024 + 1]));
        using var bomb = await http.PostAsync("/v1.44/images/create?fromSrc=-&repo=bomb", new ByteArrayContent(TestArchives.GzipBomb(64, 256 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Contains("raise Engine:ImageMaxUploadSize", await declared.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, bomb.StatusCode);
        Assert.Contains("raise Engine:ImageMaxUnpackedSize", await bomb.Content.ReadAsStringAsync());
        Assert.Empty(_images.List());
    }

    private sealed class NoUsage : IImageUsage
    {
        public string? ContainerUsing(string imageId) => null;
    }
}
