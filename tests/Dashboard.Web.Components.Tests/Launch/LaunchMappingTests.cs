using Dashboard.Web.Components.Launch;

namespace Dashboard.Web.Components.Tests.Launch;

/// <summary>The pure parts of the launch form: shell splitting, form-to-request mapping and the docker-run line.</summary>
public sealed class LaunchMappingTests
{
    [Theory]
    [InlineData("sleep 1000", new[] { "sleep", "1000" })]
    [InlineData("  sh -c 'echo hi; sleep 5'  ", new[] { "sh", "-c", "echo hi; sleep 5" })]
    [InlineData("echo \"a \\\"b\\\" c\" d\\ e", new[] { "echo", "a \"b\" c", "d e" })]
    [InlineData("echo '' x", new[] { "echo", "", "x" })]
    [InlineData("a'b c'd", new[] { "ab cd" })]
    public void Splits_like_a_shell(string line, string[] expected)
    {
        Assert.True(ShellWords.TrySplit(line, out var words, out var error), error);
        Assert.Equal(expected, words);
    }

    [Theory]
    [InlineData("echo 'open")]
    [InlineData("echo \"open")]
    [InlineData("echo \\")]
    public void Open_quotes_are_reported(string line)
    {
        Assert.False(ShellWords.TrySplit(line, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Blank_form_sets_nothing_but_the_image()
    {
        var mapping = LaunchRequestMapper.Map(new LaunchModel { Image = "busybox:latest", Env = { new KeyValueRow() } });
        var r = mapping.Request;
        Assert.Empty(mapping.FormErrors);
        Assert.Equal("busybox:latest", r.Image);
        Assert.Null(r.Name);
        Assert.Null(r.Cmd);
        Assert.Empty(r.Env);
        Assert.Null(r.Memory);
        Assert.Null(r.MemorySwap);
        Assert.Null(r.RestartPolicy);
        Assert.Null(r.NetworkMode);
        Assert.Equal((null, null, null), (r.PidMode, r.IpcMode, r.UtsMode));
        Assert.Empty(r.Binds);
        Assert.Empty(r.Labels);
        Assert.Equal("docker run -d busybox:latest", DockerRunPreview.Build(r));
    }

    [Fact]
    public void Maps_every_field()
    {
        var model = new LaunchModel
        {
            Image = "busybox", Name = " web ", Command = "sh -c 'sleep 1000'", Hostname = "h1", Cpus = "0.25",
            Memory = "200", MemoryUnit = "m", MemorySwap = "1", MemorySwapUnit = "g", PidsLimit = 64,
            RestartPolicy = "on-failure", RestartRetries = 3, NetworkMode = "host", User = "1000:1000", WorkingDir = "/tmp",
            PidMode = "container", PidContainer = " db ", IpcMode = "host", UtsMode = "host",
            AutoRemove = true,
        };
        model.Env.Add(new KeyValueRow { Key = "A", Value = "x y" });
        model.Labels.Add(new KeyValueRow { Key = "team", Value = "ops" });
        model.Binds.Add(new BindRow { HostPath = "/srv", ContainerPath = "/data", ReadOnly = true });
        var r = LaunchRequestMapper.Map(model).Request;
        Assert.Equal("web", r.Name);
        Assert.Equal(["sh", "-c", "sleep 1000"], r.Cmd);
        Assert.Equal(["A=x y"], r.Env);
        Assert.Equal("200m", r.Memory);
        Assert.Equal("1g", r.MemorySwap);
        Assert.Equal(64, r.PidsLimit);
        Assert.Equal("on-failure:3", r.RestartPolicy);
        Assert.Equal("host", r.NetworkMode);
        Assert.Equal(("container:db", "host", "host"), (r.PidMode, r.IpcMode, r.UtsMode));
        Assert.Equal(["/srv:/data:ro"], r.Binds);
        Assert.Equal("ops", r.Labels["team"]);
        Assert.True(r.AutoRemove);
        Assert.Equal(
            "docker run -d --name web --hostname h1 -e 'A=x y' --label team=ops --cpus 0.25 --memory 200m --memory-swap 1g " +
            "--pids-limit 64 --restart on-failure:3 --network host --pid container:db --ipc host --uts host -v /srv:/data:ro --user 1000:1000 --workdir /tmp --rm " +
            "busybox sh -c 'sleep 1000'",
            DockerRunPreview.Build(r));
    }

    [Theory]
    [InlineData("200", "b", "200")]
    [InlineData("200", "k", "200k")]
    [InlineData("1g", "m", "1g")]
    [InlineData("200x", "m", "200x")]
    public void Sizes_take_the_unit_unless_typed_with_one(string value, string unit, string expected) =>
        Assert.Equal(expected, LaunchRequestMapper.Map(new LaunchModel { Image = "i", Memory = value, MemoryUnit = unit }).Request.Memory);

    [Fact]
    public void Unlimited_swap_and_plain_restart_policies()
    {
        var r = LaunchRequestMapper.Map(new LaunchModel { Image = "i", MemorySwap = "-1", RestartPolicy = "on-failure" }).Request;
        Assert.Equal("-1", r.MemorySwap);
        Assert.Equal("on-failure", r.RestartPolicy);
        Assert.Equal("always", LaunchRequestMapper.Map(new LaunchModel { Image = "i", RestartPolicy = "always" }).Request.RestartPolicy);
    }

    [Fact]
    public void Open_quote_is_a_command_error_not_an_exception()
    {
        var mapping = LaunchRequestMapper.Map(new LaunchModel { Image = "i", Command = "echo 'oops" });
        Assert.Null(mapping.Request.Cmd);
        Assert.Equal("cmd", Assert.Single(mapping.FormErrors).Field);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "''")]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    public void Quotes_words_for_a_shell(string word, string expected) => Assert.Equal(expected, ShellWords.Quote(word));
}
