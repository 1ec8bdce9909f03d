using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Oci;
using Dashboard.Engine.Volumes;

namespace Dashboard.Engine.Tests.Spec;

/// <summary>Volumes in the create path (issue 14): -v NAME:/path, -v /path, Config.Volumes and --mount type=volume parsed
/// into <see cref="VolumeMount"/>s, and each one a bind of its host directory in config.json.</summary>
public sealed class VolumeSpecTests
{
    private static readonly HostLimits s_host = new(CpuCount: 2, MemoryBytes: 4L << 30);

    private static ContainerConfig Validate(CreateContainerRequest request) =>
        ContainerRequestValidator.Validate(request with { Image = "busybox" }, s_host);

    [Fact]
    public void Every_form_of_volume_becomes_a_volume_mount_and_binds_stay_binds()
    {
        var config = Validate(new()
        {
            Binds = ["data:/data:ro,nocopy", "/srv:/srv", "/scratch//"],
            Volumes = ["/cache", "/scratch"], // /scratch is the -v above already
            Mounts = ["type=volume,src=logs,dst=/logs,volume-nocopy,volume-label=tier=db,readonly", "type=volume,dst=/anon"],
        });
        Assert.Equal([new BindMount("/srv", "/srv", false)], config.Binds);
        var byPath = config.Volumes.ToDictionary(v => v.Destination);
        Assert.Equal(["/anon", "/cache", "/data", "/logs", "/scratch"], byPath.Keys.Order());
        Assert.Equal(("data", true, true, false, VolumeOrigin.Bind), (byPath["/data"].Name, byPath["/data"].ReadOnly, byPath["/data"].NoCopy, byPath["/data"].Anonymous, byPath["/data"].Origin));
        Assert.Equal(("", true, VolumeOrigin.Config), (byPath["/scratch"].Name, byPath["/scratch"].Anonymous, byPath["/scratch"].Origin));
        Assert.Equal(("", true, VolumeOrigin.Config), (byPath["/cache"].Name, byPath["/cache"].Anonymous, byPath["/cache"].Origin));
        Assert.Equal(("logs", true, true, VolumeOrigin.Mount), (byPath["/logs"].Name, byPath["/logs"].ReadOnly, byPath["/logs"].NoCopy, byPath["/logs"].Origin));
        Assert.Equal("db", byPath["/logs"].Labels["tier"]);
        Assert.True(byPath["/anon"].Anonymous);
    }

    [Fact]
    public void A_volume_and_a_tmpfs_on_one_path_are_refused()
    {
        var error = Assert.Throws<ValidationException>(() => Validate(new() { Binds = ["data:/x"], Tmpfs = ["/x"] }));
        Assert.Contains("Duplicate mount point: /x", error.Message);
    }

    [Fact]
    public void Each_volume_is_a_private_bind_of_its_host_directory_read_only_when_asked()
    {
        var input = SpecInputs.For(new() { Image = "busybox", Binds = ["data:/data", "ro:/ro:ro"], ReadonlyRootfs = true });
        input = input with { VolumePaths = new Dictionary<string, string> { ["data"] = "/v/data/_data", ["ro"] = "/v/ro/_data" } };
        var mounts = OciSpecGenerator.Generate(input).Mounts;
        var data = mounts.Single(m => m.Destination == "/data");
        Assert.Equal(("bind", "/v/data/_data"), (data.Type, data.Source));
        // --read-only makes the root read-only, never a volume.
        Assert.Equal(["rbind", "rprivate"], data.Options);
        Assert.Equal(["rbind", "ro", "rprivate"], mounts.Single(m => m.Destination == "/ro").Options);
    }

    [Fact]
    public void A_volume_without_a_host_directory_is_never_silently_an_empty_directory()
    {
        var input = SpecInputs.For(new() { Image = "busybox", Binds = ["data:/data"] });
        Assert.Throws<InvalidOperationException>(() => OciSpecGenerator.Generate(input));
    }

    [Theory]
    [InlineData("ab", true)]
    [InlineData("my_vol.1-x", true)]
    [InlineData("a", false)] // Docker needs two characters
    [InlineData("-a", false)]
    [InlineData("a/b", false)]
    [InlineData("..", false)]
    [InlineData("a b", false)]
    public void Volume_names_follow_dockers_rule(string name, bool valid) => Assert.Equal(valid, VolumeNames.IsValid(name));

    [Fact]
    public void Anonymous_names_are_64_hex_characters() => Assert.Matches("^[0-9a-f]{64}$", VolumeNames.NewAnonymous());
}
