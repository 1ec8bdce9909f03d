using Dashboard.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>
    /// Attaches under the container's lock, so that a start (which holds it) either finds the attachment pending and
    /// connects it before the process runs, or has already run and the attachment connects to the running conmon.
    /// </summary>
    public async Task<IContainerAttachment> AttachAsync(string reference, AttachRequest request, CancellationToken cancellationToken)
    {
        using var lease = await LockAsync(reference, cancellationToken);
        var entry = lease.Entry;
        var record = entry.Record;
        switch (record.State.Status)
        {
            case ContainerStatus.Paused:
                throw new AttachPausedException(record.Name);
            case ContainerStatus.Removing or ContainerStatus.Dead:
                throw new InvalidContainerStateException(record.Id, record.State.Status.DockerName(), "attach to");
        }
        var attachment = new ContainerAttachment(record.Id, request, record.Config, entry.Attachments);
        if (record.State.Status == ContainerStatus.Running) await ConnectAttachmentAsync(entry, attachment);
        else entry.Attachments.AddPending(attachment);
        return attachment;
    }

    /// <summary>Attachments waiting for the container's next start (for tests).</summary>
    internal int PendingAttachments(string reference) => _table.Resolve(reference).Attachments.PendingCount;

    /// <summary>In a start, between the runtime's create and start (the caller holds the lock): every attach that
    /// waited for this run gets it from its first byte.</summary>
    private async Task ConnectPendingAttachmentsAsync(ContainerEntry entry)
    {
        foreach (var attachment in entry.Attachments.TakePending()) await ConnectAttachmentAsync(entry, attachment);
    }

    private async Task ConnectAttachmentAsync(ContainerEntry entry, ContainerAttachment attachment)
    {
        var id = entry.Record.Id;
        entry.Attachments.AddLive(attachment);
        try
        {
            attachment.Connect(await _runtime.AttachAsync(id, _snapshotter.ContainerDirectory(id), CancellationToken.None));
        }
        catch (AttachUnavailableException ex)
        {
            // The run has just ended (its exit is being processed): there is no more output to give.
            _logger.LogDebug("Attach to {Id} found no conmon: {Reason}", entry.Record.ShortId, ex.Message);
            attachment.End();
        }
    }
}

/// <summary>moby's answer to an attach to a paused container (409).</summary>
public sealed class AttachPausedException(string name)
    : ConflictException($"container {name} is paused, unpause the container before attach");
