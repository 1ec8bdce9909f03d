using Dashboard.Cli.Commands;

namespace Dashboard.Cli.Tests;

/// <summary>dashctl exec's command line: its flags stop at the container (the rest is the command, verbatim), and what
/// it asks for becomes the exec endpoint's query.</summary>
public sealed class ExecArgsTests
{
    [Theory]
    [InlineData("exec web sh -c exit", "exec web -- sh -c exit")]
    [InlineData("exec -it -e A=1 -u nobody -w /tmp web sh -c x", "exec -it -e A=1 -u nobody -w /tmp web -- sh -c x")]
    [InlineData("-H unix:///s exec -d web touch /x", "-H unix:///s exec -d web -- touch /x")]
    // -c is not an exec flag (it is run's --cpu-shares): after the container it is the command's.
    [InlineData("exec web ls -c", "exec web -- ls -c")]
    [InlineData("exec web", "exec web")]
    public void A_separator_goes_after_the_container(string input, string expected) =>
        Assert.Equal(expected, string.Join(' ', RunArgs.SeparateContainerCommand(input.Split(' '))));

    [Fact]
    public void Flags_bundle_and_parse_as_docker_execs()
    {
        var root = Dashctl.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, _ => null));
        var parse = root.Parse(RunArgs.SeparateContainerCommand(["exec", "-it", "--privileged", "-e", "A=1", "-e", "B=2", "web", "sh", "-c", "exit 3"]));
        Assert.Empty(parse.Errors);
        Assert.Equal("exec", parse.CommandResult.Command.Name);
        Assert.True(parse.GetValue<bool>("--interactive"));
        Assert.True(parse.GetValue<bool>("--tty"));
        Assert.True(parse.GetValue<bool>("--privileged"));
        Assert.Equal(["A=1", "B=2"], parse.GetValue<string[]>("--env"));
        Assert.Equal("web", parse.GetValue<string>("CONTAINER"));
        Assert.Equal(["sh", "-c", "exit 3"], parse.GetValue<string[]>("COMMAND"));

        Assert.NotEmpty(root.Parse(["exec", "web"]).Errors); // a command is required
    }

    [Fact]
    public void The_query_escapes_every_argument_and_says_only_what_was_asked()
    {
        var args = new ExecArgs
        {
            Cmd = ["sh", "-c", "echo a&b=c; exit 3"], Env = ["A=1 2"], User = "nobody", WorkingDir = "/tmp", Tty = true, Stdin = false,
        };
        Assert.Equal("cmd=sh&cmd=-c&cmd=echo%20a%26b%3Dc%3B%20exit%203&env=A%3D1%202&user=nobody&workdir=%2Ftmp&tty=true&cols=120&rows=40&stdin=false",
            args.AttachedQuery((120, 40)));
        // Detached: no stdin, no size.
        Assert.Equal("cmd=true", new ExecArgs { Cmd = ["true"], Stdin = true }.Query(null));
        Assert.Equal("cmd=true", new ExecArgs { Cmd = ["true"], Stdin = true }.AttachedQuery(null));
        // Without a tty a size is never sent (the daemon refuses one).
        Assert.Equal("cmd=true&stdin=false", new ExecArgs { Cmd = ["true"] }.AttachedQuery((80, 24)));
    }

    [Fact]
    public void A_bare_env_name_takes_dashctls_value_or_is_left_out()
    {
        Assert.Equal(["A=1", "HOME=/root"], ExecArgs.ResolveEnv(["A=1", "HOME", "UNSET"], name => name == "HOME" ? "/root" : null));
    }
}
