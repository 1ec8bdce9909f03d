using System.Globalization;
using Dashboard.Engine.Events;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    public async Task<ContainerRecord> UpdateLimitsAsync(string reference, LimitsUpdate update, CancellationToken cancellationToken)
    {
        if (update.IsEmpty) throw new ValidationException("limits", "Nothing to update: give at least one of cpus, memory, memory-swap, pids-limit, cpu-shares, cpuset-cpus or restart.");
        using var lease = await LockAsync(reference, cancellationToken);
        var entry = lease.Entry;
        var (limits, restart) = Spec.ContainerRequestValidator.ValidateUpdate(update.MergeInto(entry.Record.Config), _hostLimits);
        var before = entry.Record;
        // Written first: on a full disk nothing changes (507). Then applied to the kernel: if runc refuses (e.g. memory
        // below current usage), the old limits are restored. A container that exited a moment ago gets the limits for
        // its next start, as a stopped one does.
        // A new restart policy governs the next exit (the exit path reads it from the record under this same lock).
        entry.Update(r => r with { Config = r.Config with { Resources = limits, RestartPolicy = restart ?? r.Config.RestartPolicy } });
        try
        {
            await SaveUnlockedAsync(entry);
        }
        catch
        {
            entry.Update(_ => before);
            throw;
        }
        if (update.ChangesResources && entry.Record.State.Status.IsAlive())
        {
            try
            {
                await _runtime.UpdateAsync(entry.Record.Id, limits, cancellationToken);
            }
            catch (OciRuntimeException)
            {
                if (!await ExitedMeanwhileAsync(entry))
                {
                    entry.Update(r => r with { Config = before.Config });
                    await PersistOrRetryAsync(entry);
                    throw;
                }
            }
        }
        var attributes = new Dictionary<string, string>();
        if (limits.NanoCpus is { } nano) attributes[EventAttributeKeys.Cpus] = (nano / 1e9).ToString(CultureInfo.InvariantCulture);
        if (limits.CpuQuota is { } quota) attributes[EventAttributeKeys.CpuQuota] = quota.ToString(CultureInfo.InvariantCulture);
        if (limits.CpuPeriod is { } period) attributes[EventAttributeKeys.CpuPeriod] = period.ToString(CultureInfo.InvariantCulture);
        if (limits.MemoryBytes is { } memory) attributes[EventAttributeKeys.Memory] = memory.ToString(CultureInfo.InvariantCulture);
        if (limits.MemorySwapBytes is { } swap) attributes[EventAttributeKeys.MemorySwap] = swap.ToString(CultureInfo.InvariantCulture);
        if (limits.PidsLimit is { } pids) attributes[EventAttributeKeys.PidsLimit] = pids.ToString(CultureInfo.InvariantCulture);
        if (limits.CpuShares is { } shares) attributes[EventAttributeKeys.CpuShares] = shares.ToString(CultureInfo.InvariantCulture);
        if (restart is not null) attributes[EventAttributeKeys.RestartPolicy] = entry.Record.Config.RestartPolicy.DockerName;
        await PublishAsync(EventActions.LimitsUpdated, entry.Record, attributes);
        return entry.Record;
    }
}
