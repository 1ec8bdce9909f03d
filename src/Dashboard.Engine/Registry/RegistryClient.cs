using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Dashboard.Engine.Registry;

/// <summary>
/// Talks to one repository of one registry over the OCI distribution API (/v2/...), at the first endpoint that
/// answers (see <see cref="RegistryEndpoints"/>). Authorisation follows the registry's challenge: a bearer token from
/// its realm (anonymously, or with the request's credentials as Basic) or Basic on every request. The token lives as
/// long as this client: one pull or one login.
/// </summary>
internal sealed class RegistryClient : IDisposable
{
    private readonly IReadOnlyList<RegistryEndpoint> _endpoints;
    private readonly RegistryOptions _options;
    private readonly RegistryCredentials? _credentials;
    private readonly string _repository;
    private readonly string _registry;
    private readonly Dictionary<RegistryEndpoint, HttpClient> _clients = [];
    private RegistryEndpoint? _endpoint;
    private AuthenticationHeaderValue? _authorization;
    private bool _loggingIn;
    private int _references = 1;

    public RegistryClient(string registry, string repository, RegistryCredentials? credentials, RegistryOptions options)
    {
        _registry = registry;
        _repository = repository;
        _credentials = credentials;
        _options = options;
        _endpoints = RegistryEndpoints.For(registry, options);
    }

    public string Repository => _repository;

    /// <summary>Base URL in use, once a request has succeeded.</summary>
    public Uri? BaseUri => _endpoint?.BaseUri;

    /// <summary>GET on a /v2/ path with authorisation, trying the endpoints in order until one answers. The
    /// response is returned as soon as its headers are in; the caller disposes it.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, IEnumerable<string>? accept, CancellationToken cancellationToken)
    {
        if (_endpoint is not null) return await SendAsync(_endpoint, path, accept, cancellationToken);
        Exception? last = null;
        foreach (var endpoint in _endpoints)
        {
            try
            {
                var response = await SendAsync(endpoint, path, accept, cancellationToken);
                // A mirror without the image (or failing) falls through to the next endpoint; the registry itself answers.
                if (endpoint.IsMirror && !response.IsSuccessStatusCode && endpoint != _endpoints[^1])
                {
                    last = new RegistryException($"mirror {endpoint.BaseUri} answered {(int)response.StatusCode}");
                    response.Dispose();
                    _authorization = null;
                    continue;
                }
                _endpoint = endpoint;
                return response;
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                // Connection refused, TLS failure (an http-only registry tried with https first): next endpoint.
                last = e;
                _authorization = null;
            }
        }
        throw new RegistryException($"cannot reach registry {_registry}: {last?.Message}", last);
    }

    private async Task<HttpResponseMessage> SendAsync(RegistryEndpoint endpoint, string path, IEnumerable<string>? accept, CancellationToken cancellationToken)
    {
        var http = Client(endpoint);
        var response = await http.SendAsync(Request(endpoint, path, accept), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        var challenge = RegistryChallenge.From(response);
        response.Dispose();
        if (challenge is null) throw Unauthorized();
        _authorization = await AuthorizeAsync(http, challenge, $"repository:{_repository}:pull", cancellationToken);
        response = await http.SendAsync(Request(endpoint, path, accept), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw Unauthorized();
        }
        return response;
    }

    /// <summary>docker login: /v2/ with the credentials, through whatever challenge the registry sets.</summary>
    public async Task LoginAsync(CancellationToken cancellationToken)
    {
        _loggingIn = true;
        using var response = await GetAsync("/v2/", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized || response.StatusCode == HttpStatusCode.Forbidden)
            throw Unauthorized();
        if (!response.IsSuccessStatusCode)
            throw new RegistryException($"login attempt to {BaseUri}v2/ failed with status: {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    private EngineException Unauthorized()
    {
        if (_loggingIn) return new RegistryUnauthorizedException($"login attempt to {(_endpoint ?? _endpoints[0]).BaseUri}v2/ failed with status: 401 Unauthorized");
        var name = _registry == RegistryEndpoints.DockerHubHost && _repository.StartsWith("library/", StringComparison.Ordinal)
            ? _repository["library/".Length..] : _registry == RegistryEndpoints.DockerHubHost ? _repository : $"{_registry}/{_repository}";
        return new RegistryAccessDeniedException($"pull access denied for {name}, repository does not exist or may require 'docker login'" +
            (_credentials?.HasPassword == true ? ": the registry refused the credentials" : ": no credentials were sent"));
    }

    private HttpRequestMessage Request(RegistryEndpoint endpoint, string path, IEnumerable<string>? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.BaseUri, path));
        request.Headers.Authorization = _authorization;
        request.Headers.UserAgent.ParseAdd("dashboard/1.0 (docker-compatible)");
        foreach (var type in accept ?? []) request.Headers.Accept.ParseAdd(type);
        return request;
    }

    private async Task<AuthenticationHeaderValue> AuthorizeAsync(HttpClient http, RegistryChallenge challenge, string scope, CancellationToken cancellationToken)
    {
        if (challenge.IsBasic)
        {
            if (_credentials?.HasPassword != true) throw Unauthorized();
            return Basic(_credentials);
        }
        if (!challenge.IsBearer || challenge["realm"] is not { } realm)
            throw new RegistryException($"{_registry} asks for an authentication scheme this engine does not speak: {challenge.Scheme}");
        var query = new List<string>();
        if (challenge["service"] is { } service) query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString(challenge["scope"] ?? scope));
        var uri = new UriBuilder(realm) { Query = string.Join('&', query) }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (_credentials?.HasPassword == true) request.Headers.Authorization = Basic(_credentials);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) throw Unauthorized();
        if (!response.IsSuccessStatusCode)
            throw new RegistryException($"the token service {uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        var token = json.RootElement.TryGetProperty("token", out var t) && t.GetString() is { Length: > 0 } a ? a
            : json.RootElement.TryGetProperty("access_token", out var at) && at.GetString() is { Length: > 0 } b ? b
            : throw new RegistryException($"the token service {uri.GetLeftPart(UriPartial.Path)} returned no token");
        return new AuthenticationHeaderValue("Bearer", token);
    }

    private static AuthenticationHeaderValue Basic(RegistryCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}")));

    private HttpClient Client(RegistryEndpoint endpoint)
    {
        if (!_clients.TryGetValue(endpoint, out var client))
        {
            client = new HttpClient(RegistryEndpoints.Handler(endpoint, _options)) { Timeout = Timeout.InfiniteTimeSpan };
            _clients[endpoint] = client;
        }
        return client;
    }

    /// <summary>The registry's own error text ({"errors":[{"code","message"}]}), or the HTTP status.</summary>
    public static async Task<string> ErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (body.Length is > 0 and < 65536)
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                    return string.Join("; ", errors.EnumerateArray().Select(e =>
                        $"{(e.TryGetProperty("code", out var c) ? c.GetString()?.ToLowerInvariant().Replace('_', ' ') : "error")}: {(e.TryGetProperty("message", out var m) ? m.GetString() : "")}"));
            }
        }
        catch (JsonException) { }
        return $"{(int)response.StatusCode} {response.ReasonPhrase}";
    }

    /// <summary>A layer download shared with other pulls may outlive the pull that started it: it holds a reference
    /// of its own, and the HTTP clients close with the last one.</summary>
    public void Retain() => Interlocked.Increment(ref _references);

    public void Dispose()
    {
        if (Interlocked.Decrement(ref _references) != 0) return;
        foreach (var client in _clients.Values) client.Dispose();
    }
}
