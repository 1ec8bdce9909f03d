using Dashboard.Web.Tests.Fakes;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>docker images / load / import / rmi through the real CLI.</summary>
public sealed class DockerCliImageTests : IAsyncLifetime
{
    private readonly DockerApiServer _server = new();
    private readonly List<string> _files = [];
    private DockerCli _docker = null!;

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
    }

    private async Task<string> OkAsync(params string[] args)
    {
        var result = await _docker.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)}\n{result}");
        return result.Stdout;
    }

    private string Temp(byte[] bytes)
    {
        var path = TestArchives.WriteTemp(bytes);
        _files.Add(path);
        return path;
    }

    [DockerCliFact]
    public async Task Images_lists_the_builtin_busybox()
    {
        var table = await OkAsync("images");
        Assert.Matches(@"busybox\s+latest\s+bbbbbbbbbbbb", table);
        var inspect = await OkAsync("image", "inspect", "-f", "{{.Id}} {{.Os}}", "docker.io/library/busybox:latest");
        Assert.Equal("sha256:" + new string('b', 64) + " linux", inspect.Trim());
    }

    [DockerCliFact]
    public async Task Tag_gives_an_image_another_name_and_moves_a_tag_that_named_another_image()
    {
        Assert.Equal("", await OkAsync("tag", "busybox", "registry.example:5000/team/tool:1.0"));
        Assert.Matches(@"registry\.example:5000/team/tool\s+1\.0\s+bbbbbbbbbbbb", await OkAsync("images"));
        Assert.Equal(FakeImageService.BusyboxId, _server.Images.Resolve("registry.example:5000/team/tool:1.0").Id);

        var missing = await _docker.RunAsync("tag", "nosuch:1", "other:1");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("No such image: nosuch:1", missing.Stderr);
        var digest = await _docker.RunAsync("tag", "busybox", "x@sha256:" + new string('a', 64));
        Assert.NotEqual(0, digest.ExitCode);
    }

    [DockerCliFact]
    public async Task Load_prints_the_loaded_tag_and_the_image_appears()
    {
        var output = await OkAsync("load", "-i", Temp(TestArchives.DockerSave("loaded:1.0")));
        Assert.Equal("Loaded image: loaded:1.0\n", output);
        Assert.Matches(@"loaded\s+1\.0", await OkAsync("images"));
    }

    [DockerCliFact]
    public async Task Load_of_a_non_archive_is_a_clean_error()
    {
        var result = await _docker.RunAsync("load", "-i", Temp(TestArchives.Rootfs()));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("neither manifest.json (docker save) nor index.json", result.Stderr);
        Assert.DoesNotContain("{\"", result.Stderr);
    }

    [DockerCliFact]
    public async Task Import_then_rmi()
    {
        var imported = (await OkAsync("import", "-m", "from test", Temp(TestArchives.Rootfs()), "imported:v1")).Trim();
        Assert.Matches("^sha256:[0-9a-f]{64}$", imported);
        var image = _server.Images.Resolve("imported:v1");
        Assert.Equal(imported, image.Id);
        Assert.Equal("from test", image.Comment);

        var rmi = await OkAsync("rmi", "imported:v1");
        Assert.Contains("Untagged: imported:v1", rmi);
        Assert.Contains("Deleted: " + imported, rmi);
        Assert.DoesNotContain("imported", await OkAsync("images"));
    }

    [DockerCliFact]
    public async Task Rmi_of_an_image_in_use_is_a_conflict_and_unknown_is_not_found()
    {
        await OkAsync("create", "--name", "user", "busybox");
        var inUse = await _docker.RunAsync("rmi", "busybox");
        Assert.Equal(1, inUse.ExitCode);
        Assert.Contains("is using its referenced image", inUse.Stderr);

        var unknown = await _docker.RunAsync("rmi", "nosuch:latest");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No such image: nosuch:latest", unknown.Stderr);
    }
}
