using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing.Matching;

namespace Dashboard.Web.DockerApi;

/// <summary>Marks the Docker API's unversioned routes (/events, /containers/{id}/logs, ...), which share paths with UI pages.</summary>
internal sealed class BareDockerRoute
{
    public static readonly BareDockerRoute Instance = new();
}

/// <summary>
/// Keeps the Docker API's unversioned paths from shadowing the UI's pages, and the pages from breaking Docker clients.
/// Both serve GET /events; /containers/{id}/logs and /containers/{IdOrName}/{Tab} both match /containers/web/logs (and
/// the literal "logs" wins); /containers/json is also a container page. Which one a request means is told by what it
/// asks for: a browser page load (GET or HEAD with <c>Sec-Fetch-Dest: document</c> or an <c>Accept</c> naming
/// text/html) never reaches an unversioned Docker route; any other request that matches both goes to the Docker route
/// (Docker.DotNet and other SDKs use unversioned paths and never ask for HTML; the docker CLI uses /vX.Y/ paths, except
/// /_ping). Restricting the unversioned routes to the unix socket instead would break /_ping and SDKs over TCP with a
/// token, and would not end the ambiguity on the socket itself.
/// </summary>
internal sealed class BareRoutePolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    // After the HTTP method policy, so only candidates that take the method are weighed.
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<BareDockerRoute>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var pageLoad = IsPageLoad(httpContext.Request);
        var docker = false;
        var page = false;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i)) continue;
            if (IsBareDocker(candidates[i].Endpoint)) docker = true;
            else if (IsPage(candidates[i].Endpoint)) page = true;
        }
        if (!docker || (!pageLoad && !page)) return Task.CompletedTask;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i)) continue;
            var endpoint = candidates[i].Endpoint;
            if (pageLoad ? IsBareDocker(endpoint) : IsPage(endpoint)) candidates.SetValidity(i, false);
        }
        return Task.CompletedTask;
    }

    /// <summary>A browser loading a document: what the address bar, a link or a reload sends.</summary>
    public static bool IsPageLoad(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && (request.Headers["Sec-Fetch-Dest"].ToString() is "document" or "iframe"
            || request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));

    private static bool IsBareDocker(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<BareDockerRoute>() is not null;

    private static bool IsPage(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
}
