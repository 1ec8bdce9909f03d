namespace Dashboard.Web.Access;

/// <summary>
/// The CSRF rule for cookie sessions. The session cookie is SameSite=Strict, but "site" is scheme plus registrable
/// domain: a page served on another port of 127.0.0.1 is same-site, so the browser sends the cookie with the requests
/// that page makes. So every request over TCP that changes state (any method but GET, HEAD, OPTIONS and TRACE) or opens
/// a WebSocket (a Blazor circuit or a hub connection, which a page can open without a negotiate POST) and is not
/// authenticated by a bearer token must come from this origin: same scheme, host and port.
/// <para>
/// What browsers send: every current browser sends <c>Origin</c> on POST, PUT, PATCH and DELETE (fetch and form posts
/// alike, same-origin included) and on WebSocket handshakes, and Chrome 76+, Firefox 90+ and Safari 16.4+ also send
/// <c>Sec-Fetch-Site</c>. <c>Sec-Fetch-Site</c> must then be "same-origin", and <c>Origin</c> must name this origin
/// (or one of <see cref="AccessOptions.AllowedOrigins"/>, for a TLS-terminating proxy). A request with neither header
/// is refused: no browser that can run the dashboard leaves both out, and a script holding a cookie should use an
/// API token instead. The Referrer-Policy is "same-origin", not "no-referrer", because under "no-referrer" a browser
/// sends <c>Origin: null</c> even on a same-origin form post.
/// </para>
/// </summary>
public static class SameOriginRule
{
    /// <summary>True when the rule applies: a state-changing method or a WebSocket handshake.</summary>
    public static bool Applies(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
          || HttpMethods.IsTrace(request.Method))
        || request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the request is refused, or null when it comes from this origin.</summary>
    public static string? Refusal(HttpRequest request, IReadOnlyCollection<string> allowedOrigins)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var origin = request.Headers.Origin.ToString();
        var self = ThisOrigin(request);
        if (site.Length > 0 && !site.Equals("same-origin", StringComparison.OrdinalIgnoreCase))
            return $"Cross-origin request refused: the browser marked it '{site}' (Sec-Fetch-Site), and a signed-in session only acts for pages of {self}.";
        if (origin.Length > 0)
        {
            return IsSameOrigin(origin, self) || allowedOrigins.Any(a => IsSameOrigin(origin, a)) ? null
                : $"Cross-origin request refused: Origin '{origin}' is not {self}. Use the dashboard from {self}, or an API token for scripts.";
        }
        return site.Length > 0 ? null
            : $"Request refused: a state-changing request made with a session cookie must carry an Origin or Sec-Fetch-Site header (browsers send them). Scripts should use 'Authorization: Bearer <token>' (Settings > API tokens).";
    }

    /// <summary>scheme://host[:port] of the request as the client addressed it.</summary>
    public static string ThisOrigin(HttpRequest request) => $"{request.Scheme}://{request.Host.Value}";

    /// <summary>Compares two serialized origins as the browser means them: scheme, host (no case) and port, with the
    /// scheme's default port filled in.</summary>
    public static bool IsSameOrigin(string origin, string other) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var a) && Uri.TryCreate(other, UriKind.Absolute, out var b)
        && a.Scheme.Equals(b.Scheme, StringComparison.OrdinalIgnoreCase)
        && a.IdnHost.Equals(b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port
        && a.AbsolutePath == "/" && b.AbsolutePath == "/";
}
