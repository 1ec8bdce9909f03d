using System.Net.Http.Headers;
using Dashboard.Engine.Images;
using Dashboard.Engine.Registry;

namespace Dashboard.Engine.Tests.Registry;

/// <summary>The pieces of the registry client that need no registry: names, challenges, endpoints, platforms.</summary>
public sealed class RegistryPartsTests
{
    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", "latest", null)]
    [InlineData("library/busybox:1.36", "docker.io", "library/busybox", "1.36", null)]
    [InlineData("docker.io/user/app:v2", "docker.io", "user/app", "v2", null)]
    [InlineData("127.0.0.1:5000/x", "127.0.0.1:5000", "x", "latest", null)]
    [InlineData("localhost/a/b:c", "localhost", "a/b", "c", null)]
    [InlineData("ghcr.io/org/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "ghcr.io", "org/app", "latest",
        "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void References_name_the_registry_and_repository_as_Docker_does(string reference, string registry, string repository, string tag, string? digest)
    {
        var parsed = ImageReference.Parse(reference);
        Assert.Equal((registry, repository, tag, digest), (parsed.Registry, parsed.RepositoryPath, parsed.Tag, parsed.Digest));
    }

    [Fact]
    public void A_bearer_challenge_gives_realm_service_and_scope()
    {
        var challenge = RegistryChallenge.Parse(new AuthenticationHeaderValue("Bearer",
            "realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:library/busybox:pull\""));
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.example/token", challenge["realm"]);
        Assert.Equal("registry.example", challenge["service"]);
        Assert.Equal("repository:library/busybox:pull", challenge["scope"]);
        Assert.True(RegistryChallenge.Parse(new AuthenticationHeaderValue("Basic", "realm=\"x\"")).IsBasic);
    }

    [Fact]
    public void Loopback_and_configured_registries_are_insecure_others_are_https_only()
    {
        var options = new RegistryOptions { InsecureRegistries = ["lab.example:5000", "plain.example"] };
        Assert.True(RegistryEndpoints.IsInsecure("127.0.0.1:5000", options));
        Assert.True(RegistryEndpoints.IsInsecure("localhost:5000", options));
        Assert.True(RegistryEndpoints.IsInsecure("[::1]:5000", options));
        Assert.True(RegistryEndpoints.IsInsecure("lab.example:5000", options));
        Assert.True(RegistryEndpoints.IsInsecure("plain.example:443", options));
        Assert.False(RegistryEndpoints.IsInsecure("lab.example:6000", options));
        Assert.False(RegistryEndpoints.IsInsecure("ghcr.io", options));

        Assert.Equal(["https://ghcr.io/"], RegistryEndpoints.For("ghcr.io", options).Select(e => e.BaseUri.ToString()));
        Assert.Equal(["https://127.0.0.1:5000/", "http://127.0.0.1:5000/"], RegistryEndpoints.For("127.0.0.1:5000", options).Select(e => e.BaseUri.ToString()));
    }

    [Fact]
    public void Docker_Hub_is_reached_through_its_mirrors_first()
    {
        var options = new RegistryOptions { Mirrors = ["http://10.0.0.5:5000/", "https://mirror.example"] };
        var endpoints = RegistryEndpoints.For("docker.io", options);
        Assert.Equal(["http://10.0.0.5:5000/", "https://mirror.example/", "https://registry-1.docker.io/"], endpoints.Select(e => e.BaseUri.ToString()));
        Assert.Equal([true, true, false], endpoints.Select(e => e.IsMirror));
        Assert.True(endpoints[0].Insecure);
        Assert.False(endpoints[1].Insecure);
    }

    [Theory]
    [InlineData("https://index.docker.io/v1/", "docker.io")]
    [InlineData("docker.io", "docker.io")]
    [InlineData("", "docker.io")]
    [InlineData("http://127.0.0.1:5000/v2/", "127.0.0.1:5000")]
    [InlineData("registry.example:443", "registry.example:443")]
    public void Login_server_addresses_are_normalised(string address, string host) =>
        Assert.Equal(host, RegistryEndpoints.NormaliseHost(address));

    private static Descriptor Entry(string arch, string? variant = null, string os = "linux") =>
        new(ManifestDocument.OciManifest, "sha256:" + new string('a', 64), 1, new PlatformSpec(os, arch, variant));

    [Fact]
    public void The_platform_is_chosen_by_os_architecture_and_variant()
    {
        IReadOnlyList<Descriptor> index = [Entry("arm", "v7"), Entry("arm64", "v8"), Entry("amd64"), Entry("unknown", os: "unknown")];
        Assert.Same(index[2], PlatformSelector.Select(index, new PlatformSpec("linux", "amd64", null)));
        Assert.Same(index[1], PlatformSelector.Select(index, new PlatformSpec("linux", "arm64", null)));
        Assert.Same(index[0], PlatformSelector.Select(index, PlatformSelector.Parse("linux/arm/v7")));
        Assert.Null(PlatformSelector.Select(index, PlatformSelector.Parse("linux/s390x")));
        Assert.Throws<ValidationException>(() => PlatformSelector.Parse("amd64"));
    }

    [Fact]
    public void Manifest_kinds_are_told_apart_and_schema_1_is_refused_with_a_reason()
    {
        Assert.Equal(ManifestDocument.OciIndex, ManifestDocument.MediaTypeOf("{\"schemaVersion\":2,\"manifests\":[]}"u8.ToArray(), null));
        Assert.Equal(ManifestDocument.DockerManifest, ManifestDocument.MediaTypeOf(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"}"u8.ToArray(), "text/plain"));
        var v1 = ManifestDocument.MediaTypeOf("{\"schemaVersion\":1,\"fsLayers\":[]}"u8.ToArray(), null);
        var refused = Assert.Throws<RegistryException>(() => ManifestDocument.ReadImage("{}"u8.ToArray(), v1));
        Assert.Contains("schema 1", refused.Message);
        var badDigest = Assert.Throws<RegistryException>(() => ManifestDocument.ReadImage(
            "{\"config\":{\"digest\":\"md5:abc\",\"size\":1},\"layers\":[]}"u8.ToArray(), ManifestDocument.OciManifest));
        Assert.Contains("only sha256", badDigest.Message);
    }
}
