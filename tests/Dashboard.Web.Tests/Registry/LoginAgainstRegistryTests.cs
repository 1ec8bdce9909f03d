using Dashboard.Web.Tests.Daemon;

namespace Dashboard.Web.Tests.Registry;

/// <summary>docker login and an authenticated pull against a registry with htpasswd basic auth. The CLI keeps the
/// credentials in its own config directory and sends them with each pull; the daemon stores nothing.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class LoginAgainstRegistryTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dash-login-").FullName;
    private RegistryServer _registry = null!;
    private DaemonProcess _daemon = null!;

    public async Task InitializeAsync()
    {
        Prerequisites.Require(DaemonPrerequisites.Missing(needsDockerCli: true) ?? RegistryServer.Missing() ?? Prerequisites.Tool("htpasswd"),
            "a registry with htpasswd auth and a daemon");
        _registry = await RegistryServer.StartAsync(withAuth: true);
        await _registry.PushAsync($"docker-archive:{BusyboxArchive.Write(_dir, "private").Path}", "private/busybox:1");
        _daemon = await DaemonProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_daemon is not null) await _daemon.DisposeAsync();
        if (_registry is not null) await _registry.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<DockerCli.Result> Docker(string config, string? stdin, params string[] args) =>
        DockerCli.RunWithConfigAsync(_daemon.DockerHost, Path.Combine(_dir, config), stdin, args);

    private string PasswordFile(string password)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, password);
        return path;
    }

    [SkippableFact]
    public async Task Login_checks_the_password_and_the_pull_then_carries_the_credentials()
    {
        var (user, password) = _registry.Login!.Value;
        var anonymous = await Docker("anon", null, "pull", $"{_registry.Host}/private/busybox:1");
        Assert.Equal(1, anonymous.ExitCode);
        Assert.Contains($"pull access denied for {_registry.Host}/private/busybox, repository does not exist or may require 'docker login'", anonymous.Stderr);

        var wrong = await Docker("cfg", PasswordFile("wrong"), "login", _registry.Host, "-u", user, "--password-stdin");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("401 Unauthorized", wrong.Stderr);

        var login = await Docker("cfg", PasswordFile(password), "login", _registry.Host, "-u", user, "--password-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("Login Succeeded", login.Stdout);

        var pull = await Docker("cfg", null, "pull", $"{_registry.Host}/private/busybox:1");
        Assert.True(pull.ExitCode == 0, $"{pull}\n{_daemon.Log}");
        Assert.Contains("Pull complete", pull.Stdout);

        // The daemon keeps no credentials: a client without them is still refused.
        await Docker("cfg", null, "rmi", $"{_registry.Host}/private/busybox:1");
        var again = await Docker("anon", null, "pull", $"{_registry.Host}/private/busybox:1");
        Assert.Equal(1, again.ExitCode);
        Assert.DoesNotContain(password, File.ReadAllText(Path.Combine(_daemon.DataRoot, "image", "repositories.json")));
    }
}
