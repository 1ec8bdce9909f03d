namespace Dashboard.Web.Tests.Daemon;

/// <summary>One plain real daemon for a test class (null when prerequisites are missing outside CI). Each test
/// removes what it created, so the next one starts from an empty container list.</summary>
public sealed class SharedDaemonFixture : IAsyncLifetime
{
    public DaemonProcess? Daemon { get; private set; }

    public async Task InitializeAsync()
    {
        if (DaemonPrerequisites.Check()) Daemon = await DaemonProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Daemon is not null) await Daemon.DisposeAsync();
    }
}
