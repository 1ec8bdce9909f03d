using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Access;

/// <summary>
/// Tracks open long-lived connections (engine hub connections, exec WebSockets) by the session or token that
/// authenticated them, so revoking a session or token (logout, password or role change, user or token deletion) aborts
/// them at once; <see cref="SessionSweeper"/> also aborts the ones whose session timed out. A hub filter feeds it the
/// hub connections; the exec endpoint registers its sockets itself (<see cref="Track"/>).
/// </summary>
public sealed class ConnectionRevoker
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Action>> _byKey = new();

    public void Add(string key, HubCallerContext context) => Add(key, context.ConnectionId, context.Abort);

    public void Add(string key, string connectionId, Action abort) => _byKey.GetOrAdd(key, _ => new())[connectionId] = abort;

    public void Remove(string key, string connectionId)
    {
        if (_byKey.TryGetValue(key, out var set)) set.TryRemove(connectionId, out _);
    }

    /// <summary>Registers a connection of <paramref name="user"/> (none for the unix socket's caller, whose access
    /// cannot be revoked) until the result is disposed; <paramref name="abort"/> runs once when its access ends.</summary>
    public IDisposable Track(System.Security.Claims.ClaimsPrincipal user, Action abort)
    {
        if (AccessClaims.RevocationKey(user) is not { } key) return NoRegistration.Instance;
        var id = Guid.NewGuid().ToString("N");
        Add(key, id, abort);
        return new Registration(this, key, id);
    }

    public IReadOnlyCollection<string> Keys => _byKey.Keys.ToList();

    public void Revoke(string key)
    {
        if (!_byKey.TryRemove(key, out var set)) return;
        foreach (var abort in set.Values) abort();
    }

    private sealed class Registration(ConnectionRevoker revoker, string key, string id) : IDisposable
    {
        public void Dispose() => revoker.Remove(key, id);
    }

    private sealed class NoRegistration : IDisposable
    {
        public static readonly NoRegistration Instance = new();
        public void Dispose() { }
    }
}

/// <summary>
/// Registers every engine hub connection that has a session or token with the <see cref="ConnectionRevoker"/>. Blazor's
/// own circuit hub is left alone: aborting it would leave the tab stuck on "rejoin failed"; circuits revalidate instead.
/// </summary>
internal sealed class RevocationHubFilter(ConnectionRevoker revoker) : IHubFilter
{
    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (context.Hub is Hubs.EngineHub && context.Context.User is { } user && AccessClaims.RevocationKey(user) is { } key) revoker.Add(key, context.Context);
        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Hub is Hubs.EngineHub && context.Context.User is { } user && AccessClaims.RevocationKey(user) is { } key) revoker.Remove(key, context.Context.ConnectionId);
        return next(context, exception);
    }
}

/// <summary>Every <see cref="AccessOptions.RevalidationInterval"/>, aborts hub connections whose session or token is no longer valid.</summary>
internal sealed class SessionSweeper(ConnectionRevoker revoker, IServiceScopeFactory scopes, AccessOptions options, ILogger<SessionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RevalidationInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                var access = scope.ServiceProvider.GetRequiredService<AccessService>();
                foreach (var key in revoker.Keys)
                    if (!await access.IsKeyValidAsync(key, stoppingToken)) revoker.Revoke(key);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Session sweep failed; retrying next interval");
            }
        }
    }
}
