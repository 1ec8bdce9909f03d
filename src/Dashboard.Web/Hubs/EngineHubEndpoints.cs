using System.Text.Json.Serialization;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Http.Connections;

namespace Dashboard.Web.Hubs;

/// <summary>Registration and mapping of <see cref="EngineHub"/>.</summary>
public static class EngineHubEndpoints
{
    public const string Path = "/hubs/engine";

    /// <summary>SignalR with the JSON (camelCase) and MessagePack protocols. The hub needs IContainerEngine,
    /// IStatsService and EventHub in DI (IImageService optionally, for container commands).</summary>
    public static IServiceCollection AddEngineHub(this IServiceCollection services)
    {
        services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .AddMessagePackProtocol();
        return services;
    }

    /// <summary>Maps the hub at /hubs/engine on every transport (WebSockets for browsers; dashctl uses server-sent
    /// events because it talks over the unix socket through its own HttpMessageHandler).</summary>
    public static IEndpointRouteBuilder MapEngineHub(this IEndpointRouteBuilder app)
    {
        // Any role may follow the streams; the hub has no method that changes anything.
        app.MapHub<EngineHub>(Path, o => o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling)
            .RequireRole(Roles.Viewer)
            .NotAudited("a transport: negotiate and long-polling POSTs carry stream subscriptions, and the hub only streams");
        return app;
    }
}
