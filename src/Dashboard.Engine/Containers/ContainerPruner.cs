namespace Dashboard.Engine.Containers;

/// <summary>What a prune removed: the containers' ids and the bytes their writable layers held.</summary>
public sealed record ContainerPruneResult(IReadOnlyList<string> Removed, long SpaceReclaimed);

/// <summary>
/// docker container prune: removes every container that is not running (created, exited, dead) and that
/// <c>include</c> accepts. Each removal is an ordinary remove without force, so it takes the container's lock; a
/// container started or removed by someone else meanwhile is a lost race and is skipped, not an error.
/// </summary>
public static class ContainerPruner
{
    public static async Task<ContainerPruneResult> PruneAsync(IContainerEngine engine, Func<ContainerRecord, bool> include,
        CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        long reclaimed = 0;
        foreach (var container in engine.List())
        {
            if (!container.State.Status.CanRemoveWithoutForce() || !include(container)) continue;
            try
            {
                var size = engine.SizeOf(container.Id).WritableLayer;
                await engine.RemoveAsync(container.Id, force: false, cancellationToken);
                removed.Add(container.Id);
                reclaimed += size;
            }
            catch (Exception ex) when (ex is ContainerNotFoundException or ConflictException)
            {
                // Started or removed by another client since the listing: not this prune's to remove.
            }
        }
        return new ContainerPruneResult(removed, reclaimed);
    }
}
