using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Dashboard.Web.Access;

/// <summary>
/// Tracks open hub connections by the session or token that authenticated them, so revoking a session or token aborts
/// them at once; <see cref="SessionSweeper"/> also aborts the ones whose session timed out. A hub filter feeds it.
/// </summary>
public sealed class ConnectionRevoker
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, HubCallerContext>> _byKey = new();

    public void Add(string key, HubCallerContext context) =>
        _byKey.GetOrAdd(key, _ => new())[context.ConnectionId] = context;

    public void Remove(string key, string connectionId)
    {
        if (_byKey.TryGetValue(key, out var set)) set.TryRemove(connectionId, out _);
    }

    public IReadOnlyCollection<string> Keys => _byKey.Keys.ToList();

    public void Revoke(string key)
    {
        if (!_byKey.TryRemove(key, out var set)) return;
        foreach (var context in set.Values) context.Abort();
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
