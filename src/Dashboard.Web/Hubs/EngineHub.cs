using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Events;
using Dashboard.Contracts.Stats;
using Dashboard.Engine;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Images;
using Dashboard.Engine.Stats;
using Dashboard.Web.NativeApi;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Hubs;

/// <summary>
/// The live side of the daemon at /hubs/engine: server-to-client streams of container changes, engine events and
/// stats. Every stream reads from its own bounded subscription, so a slow client never slows the engine; streams
/// end when the client cancels or disconnects.
/// </summary>
public sealed class EngineHub(IContainerEngine engine, IStatsService stats, EventHub events, IImageService images, HostInfo host) : Hub
{
    /// <summary>Changes closer together than this travel in one message.</summary>
    public static TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>First the full snapshot, then batches of changes. After the server fell behind, a new snapshot.</summary>
    public async IAsyncEnumerable<ContainerChangesDto> WatchContainers([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var watch = engine.Watch();
            yield return new ContainerChangesDto { Snapshot = watch.Snapshot.Select(c => ContainerMapper.ToSummary(c, images)).ToArray() };
            while (true)
            {
                var (batch, overflow) = await NextBatchAsync(watch.Changes, cancellationToken);
                if (batch is null && !overflow) yield break; // the engine ended the watch (shutdown)
                if (batch is { Count: > 0 })
                {
                    yield return new ContainerChangesDto
                    {
                        Changes = batch.Select(c => new ContainerChangeDto
                        {
                            Kind = c.Kind.ToString().ToLowerInvariant(),
                            Container = ContainerMapper.ToSummary(c.Container, images),
                        }).ToArray(),
                    };
                }
                if (overflow) break;
            }
        }
    }

    private static async Task<(List<ContainerChange>? Batch, bool Overflow)> NextBatchAsync(ChannelReader<ContainerChange> reader, CancellationToken cancellationToken)
    {
        var batch = new List<ContainerChange>();
        try
        {
            if (!await reader.WaitToReadAsync(cancellationToken)) return (null, false);
            await Task.Delay(CoalesceWindow, cancellationToken);
            while (reader.TryRead(out var change)) batch.Add(change);
            return (batch, false);
        }
        catch (ContainerWatchOverflowException)
        {
            while (reader.TryRead(out var change)) batch.Add(change);
            return (batch, true);
        }
    }

    /// <summary>Persisted events after <paramref name="afterSequence"/> (all matching history when the filter has a
    /// Since), then live ones, each exactly once. Without either, only live events.</summary>
    public IAsyncEnumerable<EventDto> Events(long? afterSequence, EventFilterDto? filter, CancellationToken cancellationToken)
    {
        var matcher = new EventMatcher(filter, engine);
        var replay = afterSequence is not null || filter?.Since is not null;
        return MapAsync(EventFollower.ReadAsync(events, matcher, afterSequence, replay, follow: true, cancellationToken), cancellationToken);

        static async IAsyncEnumerable<EventDto> MapAsync(IAsyncEnumerable<EngineEvent> source, [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var e in source.WithCancellation(ct)) yield return EventMapper.ToDto(e);
        }
    }

    /// <summary>The newest sample of one container at once, then each new sample.</summary>
    public async IAsyncEnumerable<StatsSampleDto> ContainerStats(string containerRef, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = Resolve(containerRef);
        using var subscription = stats.Subscribe(container.Id);
        var sent = DateTimeOffset.MinValue;
        if (stats.Latest(container.Id) is { } latest)
        {
            sent = latest.Time;
            yield return StatsMapper.ToDto(latest, container.Name);
        }
        await foreach (var sample in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            if (sample.Time <= sent) continue;
            yield return StatsMapper.ToDto(sample, container.Name);
        }
    }

    /// <summary>One message per sampler tick with every sampled container.</summary>
    public async IAsyncEnumerable<StatsTickDto> AllStats([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = stats.SubscribeAll();
        var hostMemory = (ulong)Math.Max(0, host.MemoryBytes);
        await foreach (var tick in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            var names = engine.List().ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
            yield return StatsMapper.ToDto(tick, id => names.GetValueOrDefault(id), hostMemory);
        }
    }

    private ContainerRecord Resolve(string reference)
    {
        try
        {
            return engine.Get(reference);
        }
        catch (ContainerNotFoundException ex)
        {
            // HubException's message reaches the client; others are hidden unless detailed errors are on.
            throw new HubException(ex.Message);
        }
    }
}
