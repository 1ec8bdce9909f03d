using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dashboard.Web.Components.Launch;

public sealed partial class LaunchForm
{
    private static readonly string[] RestartPolicies = ["no", "on-failure", "always", "unless-stopped"];

    /// <summary>Fields that have an input on the form; errors for any other field go to the summary above submit.</summary>
    private static readonly HashSet<string> FieldsWithInputs =
    [
        "image", "name", "cmd", "cpus", "memory", "memory-swap", "pids-limit", "restart", "network", "pid", "ipc", "uts", "hostname",
        "user", "workdir", "env", "label", "volume", "publish",
    ];

    [Inject] private IContainerEngine Engine { get; set; } = default!;
    [Inject] private IImageService Images { get; set; } = default!;
    [Inject] private UiActions Actions { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private HostInfo HostFacts { get; set; } = default!;
    [Inject] private EngineOptions EngineSettings { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;

    private readonly LaunchModel _model = new();
    private MudForm? _form;
    private IReadOnlyList<string> _images = [];
    /// <summary>Names of the running containers, the ones whose namespaces a new container can join.</summary>
    private IReadOnlyList<string> _running = [];
    private HostLimits _host = new(Environment.ProcessorCount, 0);
    /// <summary>Engine:DefaultPidsLimit, which a container without a pids limit of its own gets (0: none).</summary>
    private long _defaultPids;
    private CreateContainerRequest _request = new();
    private string _preview = "";
    private List<FieldError> _errors = [];
    private List<FieldError> _otherErrors = [];
    /// <summary>What the user's role does not allow of a request (host namespaces, privileged: CreateAccess), as field errors.</summary>
    private Func<CreateContainerRequest, IReadOnlyList<FieldError>> _refusals = _ => [];
    private bool _canChange;
    /// <summary>Whether to offer "host" in the namespace choices.</summary>
    private bool _mayUseHost;
    private bool _busy;
    /// <summary>The network choices after bridge: user networks by name, then none.</summary>
    private IReadOnlyList<(string Value, string Label)> NetworkChoices = [];

    protected override async Task OnInitializedAsync()
    {
        _host = HostLimits.From(HostFacts);
        _defaultPids = Math.Max(0, EngineSettings.DefaultPidsLimit);
        _images = Images.List()
            .SelectMany(i => i.RepoTags.Count > 0 ? i.RepoTags : [i.ShortId])
            .Order(StringComparer.Ordinal)
            .ToList();
        _model.Image = _images.FirstOrDefault() ?? "";
        _running = Engine.List()
            .Where(c => c.State.Status is ContainerStatus.Running or ContainerStatus.Paused)
            .Select(c => c.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        NetworkChoices = LaunchNetworks.Choices(Services.GetService<Networks.INetworkCatalog>());
        _canChange = await Actions.CanAsync(UiPermission.ChangeContainers);
        _mayUseHost = await Actions.CanAsync(UiPermission.UseHostNamespaces);
        _refusals = await Actions.CreateRefusalsAsync();
        Revalidate();
    }

    private string PidsPlaceholder => _defaultPids > 0 ? $"{_defaultPids} (default)" : "unlimited";

    private string PidsHelp => _defaultPids > 0
        ? $"Empty: the daemon's default of {_defaultPids}. -1: unlimited."
        : "Empty: unlimited.";

    private void Set(Action change)
    {
        change();
        Revalidate();
    }

    /// <summary>Rebuilds the request, the preview and the field errors from the form, as on every change.</summary>
    private void Revalidate()
    {
        var mapping = LaunchRequestMapper.Map(_model);
        _request = mapping.Request;
        _preview = DockerRunPreview.Build(_request, _defaultPids);
        var errors = new List<FieldError>(mapping.FormErrors);
        try
        {
            ContainerRequestValidator.Validate(_request, _host);
        }
        catch (ValidationException e)
        {
            errors.AddRange(e.Errors);
        }
        // The same rule the APIs apply; the options are hidden from non-admins, but the state could be forged.
        errors.AddRange(_refusals(_request));
        errors.AddRange(TargetErrors(_request));
        ShowErrors(errors);
    }

    /// <summary>The form creates and starts at once, so a namespace target must exist and be running now; saying so
    /// at the field beats creating a container that cannot start.</summary>
    private IEnumerable<FieldError> TargetErrors(CreateContainerRequest request)
    {
        foreach (var (field, value) in new[] { ("network", request.NetworkMode), ("pid", request.PidMode), ("ipc", request.IpcMode) })
        {
            if (value is null || !value.StartsWith("container:", StringComparison.Ordinal)) continue;
            var reference = value["container:".Length..].Trim();
            if (reference.Length == 0) continue; // the validator explains what is missing
            var target = TryGet(reference);
            if (target is null)
                yield return new FieldError(field, $"no such container: {reference}");
            else if (target.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
                yield return new FieldError(field, $"{target.Name} is not running: start it first, or pick a running container");
        }
    }

    private ContainerRecord? TryGet(string reference)
    {
        try { return Engine.Get(reference); }
        catch (EngineException) { return null; } // unknown or ambiguous
    }

    private void ShowErrors(List<FieldError> errors)
    {
        _errors = errors;
        _otherErrors = errors.Where(e => !FieldsWithInputs.Contains(e.Field) && PortRowRules.RowOf(e.Field) < 0).ToList();
    }

    private bool Has(string field) => _errors.Any(e => e.Field == field);

    private IReadOnlyList<string> For(string field) => _errors.Where(e => e.Field == field).Select(e => e.Message).ToList();

    private async Task SubmitAsync()
    {
        Revalidate();
        if (_errors.Count > 0) return;
        _busy = true;
        try
        {
            // Authorized, created (and audited), then started, by UiActions.
            var launched = await Actions.LaunchAsync(_request, CancellationToken.None);
            if (launched.StartError is { } e)
            {
                // A namespace target that stopped meanwhile: the message belongs at its field,
                // and a host port taken meanwhile (by a program of the host) under the ports editor.
                var field = e switch
                {
                    NamespaceJoinException join => join.Field,
                    Dashboard.Engine.Networking.PortAllocatedException => "publish",
                    _ => "start",
                };
                ShowErrors([new FieldError(field, $"Created {launched.Created.Name} but it did not start: {e.Message}")]);
                return;
            }
            Snackbar.Add($"Started {launched.Created.Name}", Severity.Success);
            Navigation.NavigateTo("containers");
        }
        catch (ActionRefusedException)
        {
            // The button is hidden from those who may not launch; a forged circuit event changes nothing.
        }
        catch (ValidationException e)
        {
            ShowErrors([.. e.Errors]);
        }
        catch (EngineException e)
        {
            ShowErrors([new FieldError(FieldFor(e), e.Message)]);
        }
        finally
        {
            _busy = false;
        }
    }

    private static string FieldFor(EngineException e) => e switch
    {
        NameConflictException => "name",
        ImageNotFoundException => "image",
        Dashboard.Engine.Networking.NetworkNotFoundException => "network",
        Dashboard.Engine.Networking.PortAllocatedException => "publish",
        _ => "create",
    };

    private async Task CopyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", _preview);
            Snackbar.Add("Copied", Severity.Info);
        }
        catch (JSException)
        {
            // Clipboard access needs a secure context (https or localhost); the line stays selectable.
            Snackbar.Add("The browser refused clipboard access; select the line to copy it", Severity.Warning);
        }
    }
}
