using Dashboard.Cli.Client;

namespace Dashboard.Cli.Tests;

public sealed class ConfiguredSocketTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dashctl-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Reads_Api_UnixSocket_from_appsettings_beside_the_binary()
    {
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), "{ // comment\n \"Api\": { \"UnixSocket\": \"/srv/d.sock\" }, }");
        Assert.Equal("/srv/d.sock", ConfiguredSocket.Read(_ => null, _dir));
    }

    [Fact]
    public void The_environment_override_wins_like_in_the_daemon()
    {
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), "{ \"Api\": { \"UnixSocket\": \"/srv/d.sock\" } }");
        Assert.Equal("/env.sock", ConfiguredSocket.Read(n => n == "Api__UnixSocket" ? "/env.sock" : null, _dir));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not json")]
    [InlineData("{ \"Api\": \"wrong shape\" }")]
    [InlineData("{ \"Urls\": \"http://127.0.0.1:5080\" }")]
    public void Missing_or_unreadable_config_means_no_configured_socket(string? content)
    {
        if (content is not null) File.WriteAllText(Path.Combine(_dir, "appsettings.json"), content);
        Assert.Null(ConfiguredSocket.Read(_ => null, _dir));
    }

    [Fact]
    public void Resolution_order_is_option_then_DASHBOARD_HOST_then_configured_then_default()
    {
        Func<string, string?> env = n => n == "DASHBOARD_HOST" ? "unix:///from-env.sock" : null;
        Assert.Equal("/opt.sock", DaemonAddress.Resolve("unix:///opt.sock", env, "/conf.sock").SocketPath);
        Assert.Equal("/from-env.sock", DaemonAddress.Resolve(null, env, "/conf.sock").SocketPath);
        Assert.Equal("/conf.sock", DaemonAddress.Resolve(null, _ => null, "/conf.sock").SocketPath);
        Assert.Equal(DaemonAddress.DefaultSocket, DaemonAddress.Resolve(null, _ => null, null).SocketPath);
    }
}
