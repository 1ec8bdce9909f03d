using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Web.Access;

namespace Dashboard.Web.Components.ContainerList;

/// <summary>Selection and the bulk actions. The buttons are hidden from viewers, and each handler checks the role
/// again: circuit events do not pass through the HTTP authorization gate.</summary>
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

    private Task StartSelectedAsync() => BulkAsync("container.start", (id, ct) => Engine.StartAsync(id, ct));

    private Task StopSelectedAsync() => BulkAsync("container.stop", (id, ct) => Engine.StopAsync(id, null, null, ct));

    private Task RestartSelectedAsync() => BulkAsync("container.restart", (id, ct) => Engine.RestartAsync(id, null, ct));

    private Task RemoveSelectedAsync()
    {
        _confirmRemove = false;
        return BulkAsync("container.remove", (id, ct) => Engine.RemoveAsync(id, false, ct));
    }

    private async Task BulkAsync(string action, Func<string, CancellationToken, Task> act)
    {
        _errors.Clear();
        var user = AuthState is null ? null : (await AuthState).User;
        if (user is null || !Roles.Allows(user, Roles.Operator))
        {
            _errors.Add("Only operators and admins can change containers.");
            return;
        }
        _busy = true;
        try
        {
            // One at a time, in name order: predictable, and each result is audited on its own.
            foreach (var row in _visible.Where(r => _selected.Contains(r.Id)).ToList())
            {
                try
                {
                    await act(row.Id, _stop.Token);
                    await Audit.RecordAsync(user, action, row.Record.Name);
                }
                catch (EngineException e)
                {
                    _errors.Add($"{row.Record.Name}: {e.Message}");
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
