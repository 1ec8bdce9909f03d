using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Dashboard.Web.Access;

/// <summary>Which of the daemon's listeners a connection came in on.</summary>
public enum Listener
{
    /// <summary>A TCP address (Urls): every request needs a session or a token.</summary>
    Tcp,

    /// <summary>The API socket (Api:UnixSocket): its file mode is the access control, as Docker's; its callers act as
    /// admins (<see cref="UnixSocketAuthenticationHandler"/>).</summary>
    UnixSocket,
}

/// <summary>Set on each connection by the listener it arrived on (<see cref="ListenerTags.Tag"/>); requests see it
/// through their connection's features.</summary>
public interface IListenerFeature
{
    Listener Listener { get; }
}

/// <summary>
/// Tags Kestrel's listeners, as the Aspire dashboard tags its frontend and OTLP endpoints: a connection middleware on
/// each endpoint's <see cref="ListenOptions"/> puts an <see cref="IListenerFeature"/> on every connection it accepts.
/// Authentication reads the tag instead of guessing from the addresses; a connection without one counts as TCP, so a
/// listener someone forgets to tag gets no privileges.
/// </summary>
public static class ListenerTags
{
    public static ListenOptions Tag(this ListenOptions listen, Listener listener)
    {
        IListenerFeature feature = new ListenerFeature(listener);
        listen.Use(next => connection =>
        {
            connection.Features.Set(feature);
            return next(connection);
        });
        return listen;
    }

    /// <summary>The listener <paramref name="context"/>'s connection came in on (TCP when untagged).</summary>
    public static Listener Of(HttpContext context) => context.Features.Get<IListenerFeature>()?.Listener ?? Listener.Tcp;

    public static bool IsUnixSocket(HttpContext context) => Of(context) == Listener.UnixSocket;

    private sealed record ListenerFeature(Listener Listener) : IListenerFeature;
}
