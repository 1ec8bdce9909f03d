using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>
    /// Resizes the terminal of a running TTY container through its conmon's control FIFO. A container without a TTY has
    /// no terminal: the call succeeds and changes nothing, as in Docker (containerd ignores it). A container that is not
    /// running is a 409 with moby's words.
    /// </summary>
    public Task ResizeAsync(string reference, ushort height, ushort width, CancellationToken cancellationToken)
    {
        var record = _table.Resolve(reference).Record;
        if (record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
            throw new ContainerNotRunningException(record.Id);
        if (!record.Config.Tty) return Task.CompletedTask;
        try
        {
            _runtime.ResizeTerminal(_snapshotter.ContainerDirectory(record.Id), height, width);
        }
        catch (AttachUnavailableException)
        {
            // The run ended between the check and the write.
            throw new ContainerNotRunningException(record.Id);
        }
        return Task.CompletedTask;
    }
}

/// <summary>moby's errNotRunning (409), for resize and exec.</summary>
public sealed class ContainerNotRunningException(string id) : ConflictException($"Container {id} is not running");
