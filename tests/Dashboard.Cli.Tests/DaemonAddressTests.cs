using Dashboard.Cli.Client;

namespace Dashboard.Cli.Tests;

public sealed class DaemonAddressTests
{
    private static Func<string, string?> Env(string? value) => name => name == "DASHBOARD_HOST" ? value : null;

    [Fact]
    public void Host_option_wins_over_the_environment()
    {
        var address = DaemonAddress.Resolve("unix:///tmp/a.sock", Env("unix:///tmp/b.sock"));
        Assert.Equal("/tmp/a.sock", address.SocketPath);
        Assert.Equal("unix:///tmp/a.sock", address.Display);
    }

    [Fact]
    public void Environment_is_used_when_no_option()
    {
        var address = DaemonAddress.Resolve(null, Env("unix:///tmp/b.sock"));
        Assert.Equal("/tmp/b.sock", address.SocketPath);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Default_socket_when_neither_is_set(string? env)
    {
        var address = DaemonAddress.Resolve(null, Env(env));
        Assert.Equal("/run/dashboard/dashboard.sock", address.SocketPath);
        Assert.Equal("unix:///run/dashboard/dashboard.sock", address.Display);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://localhost:2375/", "http://localhost:2375/")]
    public void Tcp_and_http_addresses_become_an_http_base(string raw, string expected)
    {
        var address = DaemonAddress.Parse(raw);
        Assert.Null(address.SocketPath);
        Assert.Equal(new Uri(expected), address.HttpBase);
        Assert.Equal(raw, address.Display);
    }

    [Fact]
    public void A_bare_absolute_path_is_a_socket()
    {
        Assert.Equal("/var/run/x.sock", DaemonAddress.Parse("/var/run/x.sock").SocketPath);
    }

    [Theory]
    [InlineData("unix://relative.sock", "must be absolute")]
    [InlineData("tcp://", "expected tcp://HOST:PORT")]
    [InlineData("tcp://host/path", "expected tcp://HOST:PORT")]
    [InlineData("ssh://me@host", "use unix:///path/to/socket or tcp://host:port")]
    [InlineData("bogus", "use unix:///path/to/socket")]
    public void Bad_addresses_are_explained(string raw, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => DaemonAddress.Parse(raw));
        Assert.Contains(expected, ex.Message);
        Assert.Contains(raw, ex.Message);
    }
}
