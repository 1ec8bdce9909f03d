using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Networking;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Web.Components.Networks;

/// <summary>One network as the table shows it: the definition and its running members with their address on it.</summary>
public sealed record NetworkRow(NetworkDefinition Network, IReadOnlyList<NetworkMember> Members);

public sealed record NetworkMember(string Name, string Address);

public sealed partial class NetworkList : IDisposable
{
    [Inject] private INetworkCatalog Catalog { get; set; } = default!;
    [Inject] private IContainerEngine Engine { get; set; } = default!;
    [Inject] private UiActions Actions { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;

    private readonly CancellationTokenSource _stop = new();
    private readonly NetworkCreateModel _create = new();
    private IReadOnlyList<NetworkRow> _rows = [];
    private IReadOnlyList<FieldError> _createErrors = [];
    private string? _createError, _error, _message, _unavailable;
    private NetworkDefinition? _pendingRemove;
    private bool _canChange, _busy;
    private EventSubscription? _events;
    /// <summary>The container picked in each network's connect box, by network id.</summary>
    private readonly Dictionary<string, string> _connectChoice = new(StringComparer.Ordinal);

    protected override async Task OnInitializedAsync()
    {
        _canChange = await Actions.CanAsync(UiPermission.ChangeNetworks);
        Load();
        // Optional: a host composed without the event hub still lists (the refresh button reloads).
        if (Services.GetService<EventHub>() is { } hub)
        {
            _events = hub.Subscribe(256);
            _ = FollowAsync(_events, _stop.Token);
        }
    }

    private void Load()
    {
        _unavailable = Catalog.UnavailableReason;
        var containers = Engine.List().ToDictionary(c => c.Id, StringComparer.Ordinal);
        _rows = Catalog.List().Select(n => new NetworkRow(n, Members(n, containers))).ToList();
    }

    private IReadOnlyList<NetworkMember> Members(NetworkDefinition network, Dictionary<string, ContainerRecord> containers) =>
        Catalog.MembersOf(network.Id)
            .Select(id => containers.GetValueOrDefault(id))
            .OfType<ContainerRecord>()
            .Select(c => new NetworkMember(c.Name, c.State.Networks.FirstOrDefault(e => e.NetworkId == network.Id)?.IPAddress ?? ""))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>Network events change the list; container starts and ends change the members.</summary>
    private async Task FollowAsync(EventSubscription events, CancellationToken ct)
    {
        try
        {
            await foreach (var e in events.Reader.ReadAllAsync(ct))
            {
                if (e.Type != EventTypes.Network && !(e.Type == EventTypes.Container && e.Action is EventActions.Start or EventActions.Die or EventActions.Destroy)) continue;
                await InvokeAsync(() => { Load(); StateHasChanged(); });
            }
        }
        catch (OperationCanceledException) { }
    }

    private bool Has(string field) => _createErrors.Any(e => e.Field == field);

    private IReadOnlyList<string> For(string field) => _createErrors.Where(e => e.Field == field).Select(e => e.Message).ToList();

    private void Edit(Action change)
    {
        change();
        _createErrors = [];
        _createError = null;
    }

    private async Task CreateAsync()
    {
        _busy = true;
        _createErrors = [];
        _createError = null;
        try
        {
            var network = await Actions.CreateNetworkAsync(_create.ToRequest(), _stop.Token);
            _message = $"Created network {network.Name} ({network.Subnet}, gateway {network.Gateway})";
            _create.Name = _create.Subnet = _create.Gateway = "";
            _create.Internal = false;
            _create.Labels.Clear();
            Load();
        }
        catch (ValidationException e) { _createErrors = e.Errors; }
        // The engine's 409s belong at the field they are about; anything else above the button.
        catch (NetworkNameConflictException e) { _createErrors = [new FieldError("Name", e.Message)]; }
        catch (SubnetConflictException e) { _createErrors = [new FieldError("Subnet", e.Message)]; }
        catch (ActionRefusedException e) { _createError = e.Message; }
        catch (EngineException e) { _createError = e.Message; }
        finally { _busy = false; }
    }

    private async Task RemoveAsync()
    {
        if (_pendingRemove is not { } network) return;
        _pendingRemove = null;
        try
        {
            await Actions.RemoveNetworkAsync(network, _stop.Token);
            _message = $"Removed network {network.Name}";
        }
        catch (ActionRefusedException e) { _error = e.Message; }
        catch (EngineException e) { _error = e.Message; } // in use, pre-defined, already gone
        Load();
    }

    private async Task PruneAsync()
    {
        _busy = true;
        _error = _message = null;
        try
        {
            var removed = await Actions.PruneNetworksAsync(_stop.Token);
            _message = removed.Count == 0 ? "No unused networks to remove" : $"Removed {string.Join(", ", removed.Select(n => n.Name))}";
        }
        catch (ActionRefusedException e) { _error = e.Message; }
        catch (EngineException e) { _error = e.Message; }
        finally { _busy = false; }
        Load();
    }

    /// <summary>Containers that may join: not already a running member, and with a network of their own (host and
    /// container:X share someone else's; the engine would refuse them).</summary>
    private List<string> Connectable(NetworkRow row)
    {
        _connectChoice.TryAdd(row.Network.Id, "");
        var members = row.Members.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        return Engine.List()
            .Where(c => !members.Contains(c.Name) && c.Config.NetworkMode.Kind == Dashboard.Engine.Spec.NamespaceModeKind.Private)
            .Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
    }

    private async Task ConnectAsync(NetworkDefinition network)
    {
        if (_connectChoice.GetValueOrDefault(network.Id) is not { Length: > 0 } container)
        {
            _error = "Choose a container to connect first";
            return;
        }
        await ActAsync(() => Actions.ConnectNetworkAsync(network, container, _stop.Token), $"Connected {container} to {network.Name}");
        _connectChoice[network.Id] = "";
    }

    private Task DisconnectAsync(NetworkDefinition network, string container) =>
        ActAsync(() => Actions.DisconnectNetworkAsync(network, container, _stop.Token), $"Disconnected {container} from {network.Name}");

    /// <summary>Runs one connect or disconnect; the engine's refusals (already on it, not on it, a shared network) show
    /// above the table in its words.</summary>
    private async Task ActAsync(Func<Task> action, string done)
    {
        _busy = true;
        _error = _message = null;
        try
        {
            await action();
            _message = done;
        }
        catch (ActionRefusedException e) { _error = e.Message; }
        catch (EngineException e) { _error = e.Message; }
        finally { _busy = false; }
        Load();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _events?.Dispose();
    }
}
