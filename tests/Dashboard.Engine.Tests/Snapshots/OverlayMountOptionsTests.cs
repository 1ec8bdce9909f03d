using Dashboard.Engine.Snapshots;

namespace Dashboard.Engine.Tests.Snapshots;

public sealed class OverlayMountOptionsTests
{
    [Fact]
    public void Lower_dirs_are_listed_top_first()
    {
        var options = OverlayMountOptions.Build(["/l/bottom", "/l/middle", "/l/top"], "/c/upper", "/c/work");

        Assert.Equal("lowerdir=/l/top:/l/middle:/l/bottom,upperdir=/c/upper,workdir=/c/work", options);
    }

    [Fact]
    public void A_repeated_layer_is_kept_only_at_its_topmost_position()
    {
        var options = OverlayMountOptions.Build(["/l/empty", "/l/a", "/l/empty", "/l/b"], "/u", "/w");

        Assert.Equal("lowerdir=/l/b:/l/empty:/l/a,upperdir=/u,workdir=/w", options);
    }

    [Fact]
    public void A_single_layer_is_fine()
    {
        Assert.Equal("lowerdir=/l/a,upperdir=/u,workdir=/w", OverlayMountOptions.Build(["/l/a"], "/u", "/w"));
    }

    [Theory]
    [InlineData("/l/with:colon")]
    [InlineData("/l/with,comma")]
    [InlineData("relative/path")]
    public void Paths_the_kernel_would_misread_are_refused(string lower)
    {
        Assert.Throws<ArgumentException>(() => OverlayMountOptions.Build([lower], "/u", "/w"));
    }

    [Fact]
    public void No_lower_dirs_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => OverlayMountOptions.Build([], "/u", "/w"));
    }

    [Fact]
    public void Options_over_one_page_are_refused()
    {
        var many = Enumerable.Range(0, 200).Select(i => $"/var/lib/dashboard/image/layers/{i:x64}/diff").ToList();

        var ex = Assert.Throws<ArgumentException>(() => OverlayMountOptions.Build(many, "/u", "/w"));
        Assert.Contains("4095", ex.Message);
    }
}
