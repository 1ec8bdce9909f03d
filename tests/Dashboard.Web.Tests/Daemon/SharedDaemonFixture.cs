namespace Dashboard.Web.Tests.Daemon;

/// <summary>One plain real daemon for a test class (not started when prerequisites are missing: each test then skips,
/// or fails under CI=true, through <see cref="RequireDaemon"/>). Each test removes what it created, so the next one
/// starts from an empty container list.</summary>
public sealed class SharedDaemonFixture : IAsyncLifetime
{
    public DaemonProcess? Daemon { get; private set; }

    /// <summary>The daemon, or a skip (a failure under CI=true) naming what is missing.</summary>
    public DaemonProcess RequireDaemon(bool needsDockerCli = false)
    {
        DaemonPrerequisites.Require(needsDockerCli);
        return Daemon ?? throw new InvalidOperationException("the shared daemon did not start");
    }

    public async Task InitializeAsync()
    {
        if (DaemonPrerequisites.Missing() is null) Daemon = await DaemonProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Daemon is not null) await Daemon.DisposeAsync();
    }
}
