using Dashboard.Engine;
using Dashboard.Engine.Volumes;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Volumes;

/// <summary>The volumes: name, driver, size (measured in the background, shown when known), the containers that use
/// each (links), and for operators create, remove (refused with the containers named while any uses it) and prune.</summary>
public sealed partial class VolumeList : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private VolumeService? _volumes;
    private IReadOnlyList<VolumeUsage> _rows = [];
    private string? _pendingRemove;
    private string? _error;
    private string? _message;
    private string _newName = "";
    private string _newLabels = "";
    private bool _pruneAll;
    private bool _canChange;

    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private UiActions Actions { get; set; } = default!;

    protected override void OnInitialized()
    {
        _volumes = Services.GetService<VolumeService>();
        if (_volumes is not null) _volumes.SizeMeasured += OnSizeMeasured;
        Load();
    }

    protected override async Task OnInitializedAsync() => _canChange = await Actions.CanAsync(UiPermission.ChangeVolumes);

    private void Load() => _rows = _volumes?.List() ?? [];

    // A size arrives from a pool thread: re-render on the circuit's.
    private void OnSizeMeasured(string name) => _ = InvokeAsync(StateHasChanged);

    private string SizeText(string name) => _volumes?.CachedSize(name) is { } size ? ByteSize.Format(size.Bytes) : "…";

    private static string Short(string name) => name.Length == 64 && name.All(char.IsAsciiHexDigitLower) ? name[..12] : name;

    private void AskRemove(VolumeUsage volume)
    {
        _error = _message = null;
        if (volume.Users.Count > 0)
        {
            _error = InUse(volume.Volume.Name, volume.Users.Select(u => u.ContainerName));
            return;
        }
        _pendingRemove = volume.Volume.Name;
    }

    private static string InUse(string name, IEnumerable<string> containers) =>
        $"Volume {name} is in use by {string.Join(", ", containers.Distinct())}: remove those containers first (a stopped container still uses its volumes).";

    private async Task RemoveAsync()
    {
        if (_pendingRemove is not { } name) return;
        _pendingRemove = null;
        await Act(async () =>
        {
            await Actions.RemoveVolumeAsync(name, _stop.Token);
            _message = $"Removed volume {name}.";
        }, name);
    }

    private async Task CreateAsync()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in _newLabels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = label.IndexOf('=');
            labels[eq < 0 ? label : label[..eq]] = eq < 0 ? "" : label[(eq + 1)..];
        }
        await Act(async () =>
        {
            var volume = await Actions.CreateVolumeAsync(_newName.Trim(), labels, _stop.Token);
            _message = $"Created volume {volume.Name}.";
            _newName = _newLabels = "";
        }, _newName);
    }

    private async Task PruneAsync()
    {
        await Act(async () =>
        {
            var result = await Actions.PruneVolumesAsync(_pruneAll, _stop.Token);
            _message = result.Deleted.Count == 0
                ? "No unused volumes to prune."
                : $"Pruned {result.Deleted.Count} volume(s), {ByteSize.Format(result.SpaceReclaimed)} freed.";
        }, "");
    }

    private async Task Act(Func<Task> action, string name)
    {
        _error = _message = null;
        try
        {
            await action();
        }
        catch (VolumeInUseException e)
        {
            var names = e.ContainerIds.Select(id => _rows.SelectMany(r => r.Users).FirstOrDefault(u => u.ContainerId == id)?.ContainerName ?? id[..12]);
            _error = InUse(name, names);
        }
        catch (EngineException e)
        {
            _error = e.Message;
        }
        catch (ActionRefusedException e)
        {
            _error = e.Message;
        }
        Load();
    }

    public void Dispose()
    {
        if (_volumes is not null) _volumes.SizeMeasured -= OnSizeMeasured;
        _stop.Cancel();
        _stop.Dispose();
    }
}
