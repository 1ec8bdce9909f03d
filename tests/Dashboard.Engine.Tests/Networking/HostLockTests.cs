using Dashboard.Engine.Interop;
using Dashboard.Engine.Networking;

namespace Dashboard.Engine.Tests.Networking;

public sealed class HostLockTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"dash-hostlock-{Guid.NewGuid():N}.lock");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task The_lock_waits_for_another_holder_instead_of_failing_at_open()
    {
        // Another daemon's hold: an exclusive flock on its own open file description of the same file. A FileStream
        // opened here failed at once ("being used by another process") instead of waiting.
        using var other = LibC.OpenForLocking(_path);
        Assert.Equal(0, LibC.Flock(other, LibC.LOCK_EX));

        var acquiring = HostLock.AcquireAsync(_path, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(acquiring.IsCompleted, acquiring.Exception?.ToString());

        LibC.Flock(other, LibC.LOCK_UN);
        using (await acquiring.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            // Held now: the other holder waits in turn.
            Assert.NotEqual(0, LibC.Flock(other, LibC.LOCK_EX | 4 /* LOCK_NB */));
        }
        Assert.Equal(0, LibC.Flock(other, LibC.LOCK_EX | 4));
    }
}
