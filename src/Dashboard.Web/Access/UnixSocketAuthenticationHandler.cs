using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Access;

/// <summary>
/// The unix socket as an authentication scheme of its own (<see cref="AccessClaims.SocketScheme"/>): a request that
/// came in on the socket's listener (<see cref="ListenerTags"/>) is the admin principal
/// <see cref="AccessClaims.ForUnixSocket"/>, named "unix-socket" in the audit log. Whoever can open the socket controls
/// the daemon anyway (its file mode, 0660 root, is the access control, as Docker's), so the socket needs no login and
/// every route's policy lets it through. On any other listener the scheme has nothing to say.
/// </summary>
internal sealed class UnixSocketAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(ListenerTags.IsUnixSocket(Context)
            ? AuthenticateResult.Success(new AuthenticationTicket(AccessClaims.ForUnixSocket(), Scheme.Name))
            : AuthenticateResult.NoResult());
}
