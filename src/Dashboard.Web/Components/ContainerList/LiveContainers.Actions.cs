using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Web.Access;

namespace Dashboard.Web.Components.ContainerList;

/// <summary>Selection and the bulk actions. The buttons are shown to those who may change containers; each action goes
/// through <see cref="UiActions"/>, which authorizes it again (circuit events do not pass the HTTP pipeline) and
/// audits it.</summary>
public sealed partial class LiveContainers
{
    private bool AllVisibleSelected => _visible.Count > 0 && _visible.All(r => _selected.Contains(r.Id));

    private void ToggleAll(bool value)
    {
        foreach (var row in _visible)
            if (value) _selected.Add(row.Id); else _selected.Remove(row.Id);
    }

    private void Toggle(string id, bool value)
    {
        if (value) _selected.Add(id); else _selected.Remove(id);
    }

    // Also marked dirty: a debounced value arrives from a timer, and the render loop then draws it.
    private void SetSearch(string? value) { _search = value ?? ""; Refilter(); _dirty = true; }

    private void SetStatus(string value) { _statusFilter = value; Refilter(); _dirty = true; }

    private Task StartSelectedAsync() => BulkAsync((c, ct) => Actions.ContainerAsync(ContainerVerb.Start, c, ct));

    private Task StopSelectedAsync() => BulkAsync((c, ct) => Actions.ContainerAsync(ContainerVerb.Stop, c, ct));

    private Task RestartSelectedAsync() => BulkAsync((c, ct) => Actions.ContainerAsync(ContainerVerb.Restart, c, ct));

    private Task RemoveSelectedAsync()
    {
        _confirmRemove = false;
        return BulkAsync((c, ct) => Actions.RemoveContainerAsync(c, false, ct));
    }

    private async Task BulkAsync(Func<ContainerRecord, CancellationToken, Task> act)
    {
        _errors.Clear();
        _busy = true;
        try
        {
            // One at a time, in name order: predictable, and each result is audited on its own.
            foreach (var row in _visible.Where(r => _selected.Contains(r.Id)).ToList())
            {
                try
                {
                    await act(row.Record, _stop.Token);
                }
                catch (EngineException e)
                {
                    _errors.Add($"{row.Record.Name}: {e.Message}");
                }
                catch (ActionRefusedException e)
                {
                    _errors.Add(e.Message); // the same answer for every container: say it once
                    break;
                }
            }
        }
        finally
        {
            _busy = false;
            Refilter();
        }
    }
}
