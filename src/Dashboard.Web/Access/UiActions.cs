using System.Security.Claims;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Web.Access;

/// <summary>
/// Every action a page takes, in one place: it authorizes against the circuit's user (circuit events never pass the
/// HTTP pipeline, so no route policy covers them), calls the engine, and writes the audit record, in the same words
/// as the API's (<see cref="Audited"/>): "container.start" on the container's name. Pages call these instead of the
/// engine, and ask <see cref="CanAsync"/> what to show. A refused action throws <see cref="ActionRefusedException"/>
/// before anything happens; an engine failure propagates as the engine's exception and is not audited. Scoped: one per
/// circuit, like the user it acts for. The engine parts are resolved when an action needs them.
/// </summary>
public sealed partial class UiActions(AuthenticationStateProvider authentication, IAuthorizationService authorization, IServiceProvider services)
{
    private IContainerEngine Engine => services.GetRequiredService<IContainerEngine>();
    private IAuditLog Audit => services.GetRequiredService<IAuditLog>();

    /// <summary>May the circuit's user do this? (For showing or hiding; the action checks again.)</summary>
    public async Task<bool> CanAsync(UiPermission permission) => await AllowsAsync(await UserAsync(), permission);

    /// <summary>Start, stop (default timeout), restart, pause, unpause or kill (SIGKILL) a container; audited as
    /// "container.&lt;verb&gt;".</summary>
    public async Task ContainerAsync(ContainerVerb verb, ContainerRecord container, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeContainers);
        var engine = Engine;
        await (verb switch
        {
            ContainerVerb.Start => engine.StartAsync(container.Id, cancellationToken),
            ContainerVerb.Stop => engine.StopAsync(container.Id, null, null, cancellationToken),
            ContainerVerb.Restart => engine.RestartAsync(container.Id, null, cancellationToken),
            ContainerVerb.Pause => engine.PauseAsync(container.Id, cancellationToken),
            ContainerVerb.Unpause => engine.UnpauseAsync(container.Id, cancellationToken),
            ContainerVerb.Kill => engine.KillAsync(container.Id, null, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, null),
        });
        await Audit.RecordAsync(user, "container." + verb.ToString().ToLowerInvariant(), container.Name);
    }

    /// <summary>Removes a container (<paramref name="force"/>: a running one is killed first); "container.remove".</summary>
    public async Task RemoveContainerAsync(ContainerRecord container, bool force, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeContainers);
        await Engine.RemoveAsync(container.Id, force, cancellationToken);
        await Audit.RecordAsync(user, "container.remove", container.Name);
    }

    /// <summary>Changes live limits (docker update); "container.update" with what changed as the detail.</summary>
    public async Task<ContainerRecord> UpdateLimitsAsync(ContainerRecord container, LimitsUpdate update, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeContainers);
        var record = await Engine.UpdateLimitsAsync(container.Id, update, cancellationToken);
        await Audit.RecordAsync(user, "container.update", container.Name, Describe(update));
        return record;
    }

    /// <summary>
    /// The launch form's "create and start": creates (audited as "container.create" as soon as it exists, so a start
    /// that fails still leaves the record, as a failed docker run does) and starts. What the user's role does not
    /// allow of the request (<see cref="CreateAccess"/>) is refused first as field errors. A start failure is returned,
    /// not thrown: the container exists.
    /// </summary>
    public async Task<LaunchResult> LaunchAsync(Dashboard.Engine.Spec.CreateContainerRequest request, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeContainers);
        var engine = Engine;
        if (CreateAccess.Refusals(user, request, engine) is { Count: > 0 } refusals) throw new ValidationException(refusals);
        var created = await engine.CreateAsync(request, cancellationToken);
        await Audit.RecordAsync(user, "container.create", created.Name);
        try
        {
            await engine.StartAsync(created.Id, cancellationToken);
            return new LaunchResult(created, null);
        }
        catch (EngineException e)
        {
            return new LaunchResult(created, e);
        }
    }

    /// <summary>The field errors <see cref="CreateAccess"/> gives the circuit's user for a request, as a check the form
    /// can run on every change (the user is read once).</summary>
    public async Task<Func<Dashboard.Engine.Spec.CreateContainerRequest, IReadOnlyList<FieldError>>> CreateRefusalsAsync()
    {
        var user = await UserAsync();
        var engine = Engine;
        return request => CreateAccess.Refusals(user, request, engine);
    }

    private async Task<ClaimsPrincipal> UserAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    private async Task<bool> AllowsAsync(ClaimsPrincipal user, UiPermission permission) =>
        (await authorization.AuthorizeAsync(user, null, [Roles.Requirement(UiPermissions.Minimum(permission))])).Succeeded;

    /// <summary>The circuit's user, when they may; else <see cref="ActionRefusedException"/>.</summary>
    private async Task<ClaimsPrincipal> DemandAsync(UiPermission permission)
    {
        var user = await UserAsync();
        return await AllowsAsync(user, permission) ? user : throw new ActionRefusedException(permission);
    }

    private static string Describe(LimitsUpdate u) => string.Join(", ", new[]
    {
        u.Cpus is null ? null : "cpus=" + u.Cpus,
        u.Memory is null ? null : "memory=" + u.Memory,
        u.PidsLimit is null ? null : "pids=" + u.PidsLimit,
    }.Where(s => s is not null));
}

/// <summary>The lifecycle verbs a page offers, audited as "container.&lt;verb&gt;".</summary>
public enum ContainerVerb { Start, Stop, Restart, Pause, Unpause, Kill }

/// <summary>What <see cref="UiActions.LaunchAsync"/> did: the container it created, and why it did not start (null
/// when it did).</summary>
public sealed record LaunchResult(ContainerRecord Created, EngineException? StartError);
