using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Tests.Spec;

public sealed class BindSpecParserTests
{
    [Theory]
    [InlineData("/data:/data", "/data", "/data", false)]
    [InlineData("/srv/a:/mnt/a:ro", "/srv/a", "/mnt/a", true)]
    [InlineData("/srv/a:/mnt/a:rw", "/srv/a", "/mnt/a", false)]
    [InlineData("/srv//a/:/mnt/./a/", "/srv/a", "/mnt/a", false)]
    public void Parses_binds(string spec, string source, string destination, bool readOnly) =>
        Assert.Equal(new BindMount(source, destination, readOnly), BindSpecParser.Parse(spec));

    [Theory]
    [InlineData("./data:/data", "is a relative path, not an absolute host path")]
    [InlineData("data/sub:/data", "relative path")]
    [InlineData("myvolume:/data", "is a volume name, not an absolute host path")]
    [InlineData("/data:data", "must be absolute")]
    [InlineData("/data:/", "cannot be '/'")]
    [InlineData("/data:/data:rx", "invalid mode 'rx'")]
    [InlineData("/data", "expected /host/path:/container/path")]
    [InlineData("/a:/b:ro:extra", "expected /host/path:/container/path")]
    [InlineData("", "expected /host/path:/container/path")]
    public void Rejects_bad_binds(string spec, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => BindSpecParser.Parse(spec)).Message);
}

public sealed class EnvEntriesTests
{
    [Theory]
    [InlineData("A=1", true)]
    [InlineData("A=", true)]
    [InlineData("A", true)]
    [InlineData("A=b=c", true)]
    [InlineData("=x", false)]
    [InlineData("", false)]
    [InlineData("A=\0", false)]
    public void Validates_entries(string entry, bool valid) => Assert.Equal(valid, EnvEntries.TryValidate(entry, out _));

    [Fact]
    public void Merge_replaces_in_place_appends_and_unsets_bare_keys()
    {
        var merged = EnvEntries.Merge(["PATH=/bin", "A=1", "B=2"], ["B=3", "C=4", "A", "MISSING"]);
        Assert.Equal(["PATH=/bin", "B=3", "C=4"], merged);
    }
}

public sealed class NameAndHostnameTests
{
    [Theory]
    [InlineData("web", true)]
    [InlineData("/web", true)]
    [InlineData("my_app.v2-1", true)]
    [InlineData("a", false)]
    [InlineData("-web", false)]
    [InlineData("_web", false)]
    [InlineData("web app", false)]
    [InlineData("web/app", false)]
    [InlineData("wéb", false)]
    public void Container_names_follow_dockers_regex(string name, bool valid) =>
        Assert.Equal(valid, ContainerNames.TryValidate(name, out _));

    [Fact]
    public void Normalize_strips_the_leading_slash() => Assert.Equal("web", ContainerNames.Normalize("/web"));

    [Theory]
    [InlineData("web", true)]
    [InlineData("web-1.example.com", true)]
    [InlineData("1abc", true)]
    [InlineData("-web", false)]
    [InlineData("web-", false)]
    [InlineData("we_b", false)]
    [InlineData("a..b", false)]
    [InlineData(".a", false)]
    [InlineData("", false)]
    public void Hostnames_follow_rfc1123(string hostname, bool valid) =>
        Assert.Equal(valid, Hostnames.TryValidate(hostname, out _));

    [Fact]
    public void Hostname_labels_are_at_most_63_characters()
    {
        Assert.True(Hostnames.TryValidate(new string('a', 63), out _));
        Assert.False(Hostnames.TryValidate(new string('a', 64), out var error));
        Assert.Contains("longer than 63", error);
        Assert.False(Hostnames.TryValidate(new string('a', 40) + "." + new string('b', 30), out error));
        Assert.Contains("at most 64", error);
    }
}

public sealed class CpusetAndUserTests
{
    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-2,4", new[] { 0, 1, 2, 4 })]
    [InlineData("1,1,0", new[] { 0, 1 })]
    public void Parses_cpusets(string text, int[] cpus)
    {
        Assert.True(CpusetParser.TryParse(text, out var set, out _));
        Assert.Equal(cpus, set);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0-")]
    [InlineData("2-1")]
    [InlineData("0,,1")]
    [InlineData("-1")]
    [InlineData("0-99999")]
    public void Rejects_bad_cpusets(string text) => Assert.False(CpusetParser.TryParse(text, out _, out _));

    [Theory]
    [InlineData("0", true)]
    [InlineData("1000:1000", true)]
    [InlineData("nobody", true)]
    [InlineData("www-data:www-data", true)]
    [InlineData("1000:staff", true)]
    [InlineData("2147483647", true)]
    [InlineData("2147483648", false)]
    [InlineData("4294967296", false)]
    [InlineData("1000:", false)]
    [InlineData(":1000", false)]
    [InlineData("a:b:c", false)]
    [InlineData("bad name", false)]
    [InlineData("-1", false)]
    public void Validates_users(string user, bool valid) => Assert.Equal(valid, UserSpec.TryValidate(user, out _));
}
