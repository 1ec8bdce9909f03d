using System.Diagnostics;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Stats;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.ContainerList;

/// <summary>
/// The live containers table. Two loops feed it: the engine's container watch (snapshot, then changes; re-watched
/// after an overflow) and the stats ticks (one per second). Both only mutate state on the renderer's dispatcher;
/// a timer renders at most twice a second, and only when something changed.
/// </summary>
public sealed partial class LiveContainers : IDisposable
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Sparklines and figures redraw at most this often: with 200 containers one open page cost the daemon
    /// 2.2 % of a core redrawing every second (tests/bench/ui-load.sh); state changes still show within 500 ms.</summary>
    private static readonly TimeSpan StatsRenderInterval = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, ContainerRow> _rows = new(StringComparer.Ordinal);
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private List<ContainerRow> _visible = [];
    private bool _dirty;
    private bool _statsDirty;
    private long _lastRender;
    private string _search = "";
    private string _statusFilter = "all";
    private bool _busy;
    private bool _confirmRemove;
    private readonly List<string> _errors = [];

    [Inject] private IContainerEngine Engine { get; set; } = default!;
    [Inject] private IStatsService Stats { get; set; } = default!;
    [Inject] private UiActions Actions { get; set; } = default!;
    private bool _canChange;

    protected override async Task OnInitializedAsync() => _canChange = await Actions.CanAsync(UiPermission.ChangeContainers);

    protected override void OnInitialized()
    {
        // The first snapshot is applied synchronously so the first (and prerendered) render already has the rows.
        var watch = Engine.Watch();
        ApplySnapshot(watch.Snapshot);
        _ = WatchLoopAsync(watch, _stop.Token);
        _ = StatsLoopAsync(_stop.Token);
        _ = RenderLoopAsync(_stop.Token);
    }

    private async Task WatchLoopAsync(ContainerWatch watch, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using (watch)
                {
                    await foreach (var change in watch.Changes.ReadAllAsync(cancellationToken))
                        await InvokeAsync(() => Apply(change));
                }
                return; // completed normally: the engine is shutting down
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; } // the circuit went away mid-update
            catch (Exception e) when (e is ContainerWatchOverflowException || e.InnerException is ContainerWatchOverflowException)
            {
                // We fell behind: a fresh snapshot replaces everything we knew.
                watch = Engine.Watch();
                var snapshot = watch.Snapshot;
                await InvokeAsync(() => ApplySnapshot(snapshot));
            }
        }
    }

    private async Task StatsLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var subscription = Stats.SubscribeAll();
            await foreach (var tick in subscription.Reader.ReadAllAsync(cancellationToken))
                await InvokeAsync(() => ApplyTick(tick));
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { } // the circuit went away mid-update
    }

    private async Task RenderLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RenderInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
                await InvokeAsync(() =>
                {
                    var statsDue = _statsDirty && Stopwatch.GetElapsedTime(_lastRender) >= StatsRenderInterval;
                    if (!_dirty && !statsDue) return;
                    _dirty = false;
                    _statsDirty = false;
                    _lastRender = Stopwatch.GetTimestamp();
                    Refilter();
                    StateHasChanged();
                });
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { } // the circuit went away between the tick and the render
    }

    private void ApplySnapshot(IReadOnlyList<ContainerRecord> snapshot)
    {
        var ids = snapshot.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _rows.Keys.Where(id => !ids.Contains(id)).ToList()) { _rows.Remove(gone); _selected.Remove(gone); }
        foreach (var record in snapshot) Upsert(record);
        Refilter();
        _dirty = true;
    }

    private void Apply(ContainerChange change)
    {
        if (change.Kind == ContainerChangeKind.Removed) { _rows.Remove(change.Container.Id); _selected.Remove(change.Container.Id); }
        else Upsert(change.Container);
        _dirty = true;
    }

    private void ApplyTick(StatsTick tick)
    {
        foreach (var sample in tick.Samples)
            if (_rows.TryGetValue(sample.ContainerId, out var row)) row.Add(sample);
        _statsDirty = true;
    }

    private void Upsert(ContainerRecord record)
    {
        if (_rows.TryGetValue(record.Id, out var row)) row.Record = record;
        else
        {
            // Seed the sparklines from the stats ring so a freshly opened page shows the last minute at once.
            row = _rows[record.Id] = new ContainerRow(record);
            var now = DateTimeOffset.UtcNow;
            foreach (var sample in Stats.Recent(record.Id, now.AddSeconds(-row.Cpu.Capacity), now)) row.Add(sample);
        }
    }

    private void Refilter()
    {
        _visible = _rows.Values.Where(Matches).OrderBy(r => r.Record.Name, StringComparer.Ordinal).ToList();
    }

    private bool Matches(ContainerRow row)
    {
        var status = row.Record.State.Status;
        var statusOk = _statusFilter switch
        {
            "running" => status == ContainerStatus.Running,
            "paused" => status == ContainerStatus.Paused,
            "stopped" => status is not (ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting),
            _ => true,
        };
        if (!statusOk) return false;
        if (string.IsNullOrWhiteSpace(_search)) return true;
        var term = _search.Trim();
        return row.Record.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
            || row.Record.Config.Image.Contains(term, StringComparison.OrdinalIgnoreCase)
            || row.Id.StartsWith(term, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
