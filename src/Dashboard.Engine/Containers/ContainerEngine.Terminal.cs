using System.Globalization;
using Dashboard.Engine.Events;
using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>
    /// Resizes the terminal of a running TTY container through its conmon's control FIFO. A container without a TTY has
    /// no terminal: the call succeeds and changes nothing, as in Docker (containerd ignores it). A container that is not
    /// running is a 409 with moby's words. A resize is recorded as a "resize" event with the new size, as moby logs it
    /// (for a container without a TTY too: containerd's resize succeeds there).
    /// </summary>
    public async Task ResizeAsync(string reference, ushort height, ushort width, CancellationToken cancellationToken)
    {
        var record = _table.Resolve(reference).Record;
        if (record.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
            throw new ContainerNotRunningException(record.Id);
        if (record.Config.Tty)
        {
            try
            {
                _runtime.ResizeTerminal(_snapshotter.ContainerDirectory(record.Id), height, width);
            }
            catch (AttachUnavailableException)
            {
                // The run ended between the check and the write.
                throw new ContainerNotRunningException(record.Id);
            }
        }
        await PublishAsync(EventActions.Resize, record, new Dictionary<string, string>
        {
            [EventAttributeKeys.Height] = height.ToString(CultureInfo.InvariantCulture),
            [EventAttributeKeys.Width] = width.ToString(CultureInfo.InvariantCulture),
        });
    }

    /// <summary>
    /// Records that a TTY client left an attach (<paramref name="execId"/> null: "detach") or an exec session
    /// ("exec_detach") with its detach keys, as moby logs it; the process goes on. A container removed meanwhile is
    /// not an error: there is nothing left to record it for.
    /// </summary>
    public async Task RecordDetachAsync(string containerId, string? execId, CancellationToken cancellationToken)
    {
        if (!_table.TryResolve(containerId, out var entry)) return;
        if (execId is null)
        {
            await PublishAsync(EventActions.Detach, entry.Record);
            return;
        }
        await PublishAsync(EventActions.ExecDetach, entry.Record, new Dictionary<string, string> { [EventAttributeKeys.ExecId] = execId });
    }
}

/// <summary>moby's errNotRunning (409), for resize and exec.</summary>
public sealed class ContainerNotRunningException(string id) : ConflictException($"Container {id} is not running");
