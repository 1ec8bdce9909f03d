namespace Dashboard.Engine.Containers;

/// <summary>
/// A container's attachments: pending ones (made while it was not running, connected by the next start) and live ones
/// (connected to the current run's conmon). Attachments are added under the container's lock (by an attach or a
/// start); they leave by themselves when they end, without it.
/// </summary>
internal sealed class AttachmentSet
{
    private readonly Lock _gate = new();
    private readonly List<ContainerAttachment> _pending = [];
    private readonly List<ContainerAttachment> _live = [];

    public int PendingCount
    {
        get { lock (_gate) return _pending.Count; }
    }

    public int LiveCount
    {
        get { lock (_gate) return _live.Count; }
    }

    public void AddPending(ContainerAttachment attachment)
    {
        lock (_gate) _pending.Add(attachment);
    }

    /// <summary>Registered before it is connected, so that one that ends at once is never left behind.</summary>
    public void AddLive(ContainerAttachment attachment)
    {
        lock (_gate) _live.Add(attachment);
    }

    /// <summary>The pending attachments, which the caller (a start) now connects or ends.</summary>
    public List<ContainerAttachment> TakePending()
    {
        lock (_gate)
        {
            var taken = _pending.ToList();
            _pending.Clear();
            return taken;
        }
    }

    public void Remove(ContainerAttachment attachment)
    {
        lock (_gate)
        {
            _pending.Remove(attachment);
            _live.Remove(attachment);
        }
    }

    /// <summary>The container is being stopped, killed or removed: no live reader may hold its conmon back.</summary>
    public void ReleaseLive()
    {
        foreach (var attachment in Snapshot(_live)) attachment.ReleaseBackpressure();
    }

    /// <summary>Ends the pending attachments (the container was removed, or the start that would connect them failed).</summary>
    public void EndPending()
    {
        foreach (var attachment in TakePending()) attachment.End();
    }

    /// <summary>Ends every attachment (the engine is shutting down).</summary>
    public void EndAll()
    {
        EndPending();
        foreach (var attachment in Snapshot(_live)) attachment.End();
    }

    private List<ContainerAttachment> Snapshot(List<ContainerAttachment> list)
    {
        lock (_gate) return list.ToList();
    }
}
