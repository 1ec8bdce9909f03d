using System.Collections.Concurrent;
using Dashboard.Engine.Events;

namespace Dashboard.Data.Tests;

public sealed class EventRepositoryTests : IDisposable
{
    private readonly TempDatabase _temp = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Append_assigns_increasing_sequences_and_the_event_reads_back_exactly()
    {
        var repository = new EventRepository(_temp.Open());
        var first = Samples.Event(Samples.T0.AddTicks(1), "a") with { Sequence = 999 }; // ignored
        var local = Samples.Event(new DateTimeOffset(2026, 11, 28, 7, 0, 0, TimeSpan.FromHours(2)).AddTicks(3), "b");

        var stored1 = await repository.AppendAsync(first, _ct);
        var stored2 = await repository.AppendAsync(local, _ct);

        Assert.True(stored1.Sequence > 0);
        Assert.True(stored2.Sequence > stored1.Sequence);
        var all = await repository.QueryAsync(new EventQuery(), _ct);
        Assert.Equal([stored1.Sequence, stored2.Sequence], all.Select(e => e.Sequence));
        DeepAssert.Equal(stored1, all[0]);
        DeepAssert.Equal(stored2, all[1]); // same instant to the tick, returned in UTC
        Assert.Equal(TimeSpan.Zero, all[1].Time.Offset);
    }

    [Fact]
    public async Task Query_filters_by_inclusive_time_range()
    {
        var repository = new EventRepository(_temp.Open());
        for (var minute = 0; minute < 5; minute++)
            await repository.AppendAsync(Samples.Event(Samples.T0.AddMinutes(minute), "x"), _ct);

        var result = await repository.QueryAsync(new EventQuery { Since = Samples.T0.AddMinutes(1), Until = Samples.T0.AddMinutes(3) }, _ct);
        Assert.Equal([1, 2, 3], result.Select(e => (int)(e.Time - Samples.T0).TotalMinutes));

        Assert.Equal(2, (await repository.QueryAsync(new EventQuery { Since = Samples.T0.AddMinutes(3) }, _ct)).Count);
        Assert.Equal(2, (await repository.QueryAsync(new EventQuery { Until = Samples.T0.AddMinutes(1) }, _ct)).Count);
    }

    [Fact]
    public async Task Query_filters_by_actor_type_and_actions()
    {
        var repository = new EventRepository(_temp.Open());
        await repository.AppendAsync(Samples.Event(Samples.T0, "c1", "create"), _ct);
        await repository.AppendAsync(Samples.Event(Samples.T0, "c1", "start"), _ct);
        await repository.AppendAsync(Samples.Event(Samples.T0, "c2", "start"), _ct);
        await repository.AppendAsync(Samples.Event(Samples.T0, "c1", "die"), _ct);
        await repository.AppendAsync(Samples.Event(Samples.T0, "sha256:img", "import", type: "image"), _ct);

        Assert.Equal(["create", "start", "die"], (await repository.QueryAsync(new EventQuery { ActorId = "c1" }, _ct)).Select(e => e.Action));
        Assert.Equal(["import"], (await repository.QueryAsync(new EventQuery { Type = "image" }, _ct)).Select(e => e.Action));
        Assert.Equal(4, (await repository.QueryAsync(new EventQuery { Type = "container" }, _ct)).Count);
        Assert.Equal(["c1", "c2", "c1"],
            (await repository.QueryAsync(new EventQuery { Actions = ["start", "die"] }, _ct)).Select(e => e.ActorId));
        Assert.Equal(["die"],
            (await repository.QueryAsync(new EventQuery { ActorId = "c1", Type = "container", Actions = ["die", "oom"] }, _ct)).Select(e => e.Action));
        Assert.Equal(5, (await repository.QueryAsync(new EventQuery { Actions = [] }, _ct)).Count); // empty list: no filter
        Assert.Empty(await repository.QueryAsync(new EventQuery { ActorId = "nobody" }, _ct));
    }

    [Fact]
    public async Task Query_resumes_after_a_sequence_and_limits_to_the_oldest()
    {
        var repository = new EventRepository(_temp.Open());
        var stored = new List<EngineEvent>();
        for (var i = 0; i < 10; i++)
            stored.Add(await repository.AppendAsync(Samples.Event(Samples.T0.AddSeconds(i), "x"), _ct));

        var after = await repository.QueryAsync(new EventQuery { AfterSequence = stored[6].Sequence }, _ct);
        Assert.Equal(stored.Skip(7).Select(e => e.Sequence), after.Select(e => e.Sequence));

        var page = await repository.QueryAsync(new EventQuery { AfterSequence = stored[1].Sequence, Limit = 3 }, _ct);
        Assert.Equal(stored.Skip(2).Take(3).Select(e => e.Sequence), page.Select(e => e.Sequence));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => repository.QueryAsync(new EventQuery { Limit = 0 }, _ct));
    }

    [Fact]
    public async Task Prune_deletes_older_events_and_sequences_are_never_reused()
    {
        var repository = new EventRepository(_temp.Open());
        var stored = new List<EngineEvent>();
        for (var i = 0; i < 4; i++)
            stored.Add(await repository.AppendAsync(Samples.Event(Samples.T0.AddDays(i), "x"), _ct));

        Assert.Equal(2, await repository.PruneAsync(Samples.T0.AddDays(2), _ct));
        Assert.Equal(0, await repository.PruneAsync(Samples.T0.AddDays(2), _ct));
        Assert.Equal(stored.Skip(2).Select(e => e.Sequence), (await repository.QueryAsync(new EventQuery(), _ct)).Select(e => e.Sequence));

        // Even when the newest rows are gone, AUTOINCREMENT continues from the highest number ever used.
        await repository.PruneAsync(Samples.T0.AddDays(10), _ct);
        var next = await repository.AppendAsync(Samples.Event(Samples.T0.AddDays(11), "x"), _ct);
        Assert.True(next.Sequence > stored[^1].Sequence);
    }

    [Fact]
    public async Task Concurrent_appends_get_distinct_increasing_sequences()
    {
        var repository = new EventRepository(_temp.Open());
        const int writers = 8, perWriter = 40;
        var byWriter = new ConcurrentDictionary<int, List<long>>();

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < perWriter; i++)
                mine.Add((await repository.AppendAsync(Samples.Event(DateTimeOffset.UtcNow, $"w{w}", $"a{i}"), _ct)).Sequence);
            byWriter[w] = mine;
        }, _ct)));

        var all = byWriter.Values.SelectMany(s => s).ToList();
        Assert.Equal(writers * perWriter, all.Distinct().Count());
        foreach (var sequences in byWriter.Values)
            Assert.Equal(sequences.Order(), sequences); // each writer sees its own appends in order
        var stored = await repository.QueryAsync(new EventQuery(), _ct);
        Assert.Equal(all.Order(), stored.Select(e => e.Sequence));
        foreach (var (writer, sequences) in byWriter)
            Assert.Equal(sequences, stored.Where(e => e.ActorId == $"w{writer}").Select(e => e.Sequence));
    }
}
