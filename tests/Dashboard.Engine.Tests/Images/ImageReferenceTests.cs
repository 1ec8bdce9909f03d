using Dashboard.Engine.Images;

namespace Dashboard.Engine.Tests.Images;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "busybox:latest")]
    [InlineData("busybox:latest", "busybox:latest")]
    [InlineData("library/busybox", "busybox:latest")]
    [InlineData("docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("index.docker.io/library/busybox", "busybox:latest")]
    [InlineData("docker.io/busybox:1.36", "busybox:1.36")]
    [InlineData("user/app", "user/app:latest")]
    [InlineData("docker.io/user/app:v1", "user/app:v1")]
    [InlineData("registry:5000/x/y:tag", "registry:5000/x/y:tag")]
    [InlineData("localhost/app", "localhost/app:latest")]
    [InlineData("quay.io/org/app_name-2.x:1.0-rc_1", "quay.io/org/app_name-2.x:1.0-rc_1")]
    [InlineData("library/sub/path", "library/sub/path:latest")]
    public void Names_normalise_like_docker(string input, string familiarTag)
    {
        Assert.Equal(familiarTag, ImageReference.Parse(input).FamiliarTag);
    }

    [Fact]
    public void Registry_with_port_keeps_its_domain()
    {
        var reference = ImageReference.Parse("registry:5000/x/y:tag");

        Assert.Equal("registry:5000", reference.Domain);
        Assert.Equal("x/y", reference.Path);
        Assert.Equal("tag", reference.Tag);
        Assert.Equal("registry:5000/x/y:tag", reference.FullyQualified);
    }

    [Fact]
    public void Familiar_names_expand_to_docker_hub()
    {
        Assert.Equal("docker.io/library/busybox:latest", ImageReference.Parse("busybox").FullyQualified);
    }

    [Fact]
    public void Digest_references_are_parsed_so_callers_can_refuse_them()
    {
        var reference = ImageReference.Parse("busybox@sha256:" + new string('a', 64));

        Assert.Equal("sha256:" + new string('a', 64), reference.Digest);
        Assert.Equal("busybox", reference.FamiliarName);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("BusyBox")]
    [InlineData("busy box")]
    [InlineData("busybox:")]
    [InlineData("busybox:la test")]
    [InlineData(":latest")]
    [InlineData("-busybox")]
    [InlineData("busybox-")]
    [InlineData("a//b")]
    [InlineData("busybox@sha256:123")]
    [InlineData("busybox@md5:" + "0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("bad_host:5000:/x")]
    public void Invalid_references_are_validation_errors(string input)
    {
        var ex = Assert.Throws<ValidationException>(() => ImageReference.Parse(input));
        Assert.NotEmpty(ex.Message);
        Assert.False(ImageReference.TryParse(input, out _));
    }

    [Fact]
    public void Uppercase_names_say_they_must_be_lowercase()
    {
        var ex = Assert.Throws<ValidationException>(() => ImageReference.Parse("BusyBox"));
        Assert.Contains("lowercase", ex.Message);
    }
}
