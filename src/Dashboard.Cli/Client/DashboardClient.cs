using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Images;
using Dashboard.Contracts.Logs;
using Dashboard.Contracts.Namespaces;
using Dashboard.Contracts.Problems;

namespace Dashboard.Cli.Client;

/// <summary>A thin typed client of the native API (/api). Every failure is an <see cref="ApiException"/> or a
/// <see cref="DaemonUnavailableException"/>.</summary>
public sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly SocketsHttpHandler _handler;
    private readonly DaemonAddress _address;

    public DashboardClient(DaemonAddress address)
    {
        _address = address;
        var handler = _handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        if (address.SocketPath is { } path) handler.ConnectCallback = UnixSocketConnector.To(path);
        // Waits and followed logs last as long as the container runs.
        _http = new HttpClient(handler) { BaseAddress = address.HttpBase ?? new Uri("http://localhost/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public Task<ContainerSummaryDto[]> ListContainersAsync(bool all, IEnumerable<KeyValuePair<string, string>> filters, CancellationToken ct)
    {
        var query = new List<string> { $"all={(all ? "true" : "false")}" };
        query.AddRange(filters.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        return GetJsonAsync<ContainerSummaryDto[]>("api/containers?" + string.Join('&', query), ct);
    }

    public Task<ContainerDetailDto> InspectContainerAsync(string reference, CancellationToken ct) =>
        GetJsonAsync<ContainerDetailDto>($"api/containers/{Esc(reference)}", ct);

    public async Task<ContainerDetailDto> CreateContainerAsync(CreateContainerDto dto, bool start, CancellationToken ct)
    {
        using var content = JsonContent.Create(dto, options: ContractJson.Options);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/containers?start={(start ? "true" : "false")}") { Content = content }, HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync<ContainerDetailDto>(response, ct);
    }

    /// <summary>POST /api/containers/{ref}/{verb} with an optional query, expecting no body.</summary>
    public async Task PostAsync(string reference, string verb, string? query, CancellationToken ct)
    {
        var uri = $"api/containers/{Esc(reference)}/{verb}" + (query is null ? "" : "?" + query);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, uri), HttpCompletionOption.ResponseContentRead, ct);
    }

    public async Task RemoveContainerAsync(string reference, bool force, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/containers/{Esc(reference)}?force={(force ? "true" : "false")}"), HttpCompletionOption.ResponseContentRead, ct);
    }

    /// <summary>Starts a wait and returns once the daemon has registered it (it sends headers first); the returned
    /// task completes with the exit code.</summary>
    public async Task<Task<WaitResultDto>> BeginWaitAsync(string reference, string condition, CancellationToken ct)
    {
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/containers/{Esc(reference)}/wait?condition={condition}"), HttpCompletionOption.ResponseHeadersRead, ct);
        return Finish();

        async Task<WaitResultDto> Finish()
        {
            using (response) return await ReadJsonAsync<WaitResultDto>(response, ct);
        }
    }

    public async IAsyncEnumerable<LogLineDto> LogsAsync(string reference, bool follow, string? tail, string? since, string? until, [EnumeratorCancellation] CancellationToken ct)
    {
        var query = $"follow={(follow ? "true" : "false")}";
        if (tail is not null) query += "&tail=" + Uri.EscapeDataString(tail);
        if (since is not null) query += "&since=" + Uri.EscapeDataString(since);
        if (until is not null) query += "&until=" + Uri.EscapeDataString(until);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/containers/{Esc(reference)}/logs?{query}"), HttpCompletionOption.ResponseHeadersRead, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0) continue;
            var entry = JsonSerializer.Deserialize<LogLineDto>(line, ContractJson.Options);
            if (entry is not null) yield return entry;
        }
    }

    /// <summary>GET /api/containers/{ref}/attach as a WebSocket (over the same socket as every other call). Returns once
    /// the daemon has made the attach, so a start sent after it cannot run ahead of it.</summary>
    public async Task<AttachConnection> AttachAsync(string reference, bool stdin, CancellationToken ct)
    {
        var http = _address.HttpBase ?? new Uri("http://localhost/");
        var uri = new UriBuilder(http) { Scheme = http.Scheme == "https" ? "wss" : "ws", Path = $"api/containers/{Esc(reference)}/attach",
            Query = $"stdin={(stdin ? "true" : "false")}&stdout=true&stderr=true" }.Uri;
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(uri, new HttpMessageInvoker(_handler, disposeHandler: false), ct);
            return new AttachConnection(socket);
        }
        catch (WebSocketException ex) when (socket.HttpStatusCode is not 0 and not System.Net.HttpStatusCode.SwitchingProtocols)
        {
            socket.Dispose();
            throw new ApiException(socket.HttpStatusCode, new ProblemDto { Title = "The daemon refused the attach.", Detail = ex.Message });
        }
        catch (WebSocketException ex)
        {
            socket.Dispose();
            throw new DaemonUnavailableException(_address, ex);
        }
    }

    /// <summary>GET /api/containers/{ref}/exec as a WebSocket: returns once the command runs. A refused handshake
    /// carries no body a WebSocket client can read, so the refusal is explained by asking again over plain HTTP (the
    /// query's and the role's problems come back as such) and, for a container that cannot take an exec, by its state.</summary>
    public async Task<ExecConnection> ExecAsync(string reference, string query, CancellationToken ct)
    {
        var path = $"api/containers/{Esc(reference)}/exec?{query}";
        var http = _address.HttpBase ?? new Uri("http://localhost/");
        var uri = new Uri(new UriBuilder(http) { Scheme = http.Scheme == "https" ? "wss" : "ws" }.Uri, path);
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(uri, new HttpMessageInvoker(_handler, disposeHandler: false), ct);
            return new ExecConnection(socket);
        }
        catch (WebSocketException ex) when (socket.HttpStatusCode is not 0 and not System.Net.HttpStatusCode.SwitchingProtocols)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw await ExplainExecRefusalAsync(reference, path, status, ex, ct);
        }
        catch (WebSocketException ex)
        {
            socket.Dispose();
            throw new DaemonUnavailableException(_address, ex);
        }
    }

    private async Task<ApiException> ExplainExecRefusalAsync(string reference, string path, System.Net.HttpStatusCode status, WebSocketException ex, CancellationToken ct)
    {
        try
        {
            using var _ = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (ApiException plain) when (plain.Status != System.Net.HttpStatusCode.BadRequest || plain.Problem.Errors is { Count: > 0 })
        {
            return plain; // the query's problems or the role: the same answer as the handshake's
        }
        catch (ApiException)
        {
            // "Not a WebSocket": the query is fine, the refusal came after it.
        }
        if (status is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            try
            {
                var state = (await InspectContainerAsync(reference, ct)).State;
                if (state.Status.Equals("paused", StringComparison.OrdinalIgnoreCase)) return new ApiException(status, new ProblemDto { Detail = $"Container {reference} is paused, unpause the container before exec" });
                if (!state.Running) return new ApiException(status, new ProblemDto { Detail = $"Container {reference} is not running" });
            }
            catch (ApiException inspect)
            {
                return inspect; // No such container
            }
        }
        var hint = status == System.Net.HttpStatusCode.BadRequest
            ? ": check -w (an absolute path), -e (KEY=VALUE) and -u (a user or uid of the container)" : "";
        return new ApiException(status, new ProblemDto { Title = "The daemon refused the exec.", Detail = $"The daemon refused the exec ({(int)status}){hint}. {ex.Message}" });
    }

    /// <summary>POST /api/containers/{ref}/exec: starts the command detached; its session id.</summary>
    public async Task<string> ExecDetachedAsync(string reference, string query, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/containers/{Esc(reference)}/exec?{query}"),
            HttpCompletionOption.ResponseContentRead, ct);
        return (await ReadJsonAsync<ExecStartedDto>(response, ct)).Id;
    }

    public Task<ImageDto[]> ListImagesAsync(CancellationToken ct) => GetJsonAsync<ImageDto[]>("api/images", ct);

    /// <summary>GET /api/containers/{ref}/namespaces (admin only over TCP).</summary>
    public Task<NamespaceReportDto> NamespacesAsync(string reference, CancellationToken ct) =>
        GetJsonAsync<NamespaceReportDto>($"api/containers/{Esc(reference)}/namespaces", ct);

    /// <summary>GET /api/containers/{ref}/processes: the container's PID table (dashctl top).</summary>
    public Task<NamespaceProcessDto[]> ProcessesAsync(string reference, CancellationToken ct) =>
        GetJsonAsync<NamespaceProcessDto[]>($"api/containers/{Esc(reference)}/processes", ct);

    /// <summary>GET /api/namespaces (admin only over TCP).</summary>
    public Task<NamespaceMapDto> NamespaceMapAsync(CancellationToken ct) => GetJsonAsync<NamespaceMapDto>("api/namespaces", ct);

    public async Task<ImageDto> ImportImageAsync(Stream tarball, string? reference, string? message, CancellationToken ct)
    {
        var query = new List<string>();
        if (reference is not null) query.Add("reference=" + Uri.EscapeDataString(reference));
        if (message is not null) query.Add("message=" + Uri.EscapeDataString(message));
        using var content = new StreamContent(tarball);
        content.Headers.ContentType = new("application/x-tar");
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/images/import?" + string.Join('&', query)) { Content = content }, HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync<ImageDto>(response, ct);
    }

    public async Task<ImageDto[]> LoadImagesAsync(Stream archive, CancellationToken ct)
    {
        using var content = new StreamContent(archive);
        content.Headers.ContentType = new("application/x-tar");
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/images/load") { Content = content }, HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync<ImageDto[]>(response, ct);
    }

    public async Task<ImageDeleteDto[]> RemoveImageAsync(string reference, bool force, CancellationToken ct)
    {
        // Slashes stay: the route is a catch-all for references like docker.io/library/busybox:latest.
        var path = string.Join('/', reference.Split('/').Select(Uri.EscapeDataString));
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/images/{path}?force={(force ? "true" : "false")}"), HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync<ImageDeleteDto[]>(response, ct);
    }

    /// <summary>HEAD /api/containers/{ref}/archive: what <paramref name="path"/> is, or null when it does not exist (a HEAD
    /// answer has no body, so callers check the container first to tell the two 404s apart).</summary>
    public async Task<PathStatDto?> StatPathAsync(string reference, string path, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Head, ArchiveUri(reference, path)), HttpCompletionOption.ResponseHeadersRead, ct);
            return ReadStat(response);
        }
        catch (ApiException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>GET /api/containers/{ref}/archive: the path's stat and its tar, streamed; dispose the response.</summary>
    public async Task<(PathStatDto Stat, HttpResponseMessage Response)> GetArchiveAsync(string reference, string path, CancellationToken ct)
    {
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, ArchiveUri(reference, path)), HttpCompletionOption.ResponseHeadersRead, ct);
        return (ReadStat(response), response);
    }

    /// <summary>PUT /api/containers/{ref}/archive: extracts <paramref name="tar"/> into the directory <paramref name="path"/>,
    /// sent as it is read (chunked).</summary>
    public async Task PutArchiveAsync(string reference, string path, Stream tar, bool noOverwriteDirNonDir, bool copyUidGid, CancellationToken ct)
    {
        var uri = ArchiveUri(reference, path) + $"&noOverwriteDirNonDir={(noOverwriteDirNonDir ? "true" : "false")}&copyUIDGID={(copyUidGid ? "true" : "false")}";
        using var content = new StreamContent(tar, 1 << 16);
        content.Headers.ContentType = new("application/x-tar");
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Put, uri) { Content = content }, HttpCompletionOption.ResponseContentRead, ct);
    }

    private static string ArchiveUri(string reference, string path) => $"api/containers/{Esc(reference)}/archive?path={Uri.EscapeDataString(path)}";

    private static PathStatDto ReadStat(HttpResponseMessage response)
    {
        var header = response.Headers.TryGetValues(PathStatDto.HeaderName, out var values) ? values.FirstOrDefault() : null;
        try
        {
            return JsonSerializer.Deserialize<PathStatDto>(Convert.FromBase64String(header ?? ""), ContractJson.Options)
                ?? throw new FormatException("null");
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new ApiException(response.StatusCode, new ProblemDto { Title = $"The daemon sent no valid {PathStatDto.HeaderName} header." });
        }
    }

    public DaemonAddress Address => _address;

    public async Task<ContainerDetailDto> UpdateLimitsAsync(string reference, LimitsUpdateDto dto, CancellationToken ct)
    {
        using var content = JsonContent.Create(dto, options: ContractJson.Options);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/containers/{Esc(reference)}/limits") { Content = content }, HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync<ContainerDetailDto>(response, ct);
    }

    public async Task<Dashboard.Contracts.Access.SetupLinkDto> CreateSetupLinkAsync(CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/setup-link"), HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync<Dashboard.Contracts.Access.SetupLinkDto>(response, ct);
    }

    public Task<Dashboard.Contracts.Networks.NetworkDto[]> ListNetworksAsync(CancellationToken ct) =>
        GetJsonAsync<Dashboard.Contracts.Networks.NetworkDto[]>("api/networks", ct);

    public Task<Dashboard.Contracts.Networks.NetworkDto> InspectNetworkAsync(string reference, CancellationToken ct) =>
        GetJsonAsync<Dashboard.Contracts.Networks.NetworkDto>($"api/networks/{Esc(reference)}", ct);

    public async Task<Dashboard.Contracts.Networks.NetworkDto> CreateNetworkAsync(Dashboard.Contracts.Networks.NetworkCreateDto dto, CancellationToken ct)
    {
        using var content = JsonContent.Create(dto, options: ContractJson.Options);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/networks?name={Esc(dto.Name)}") { Content = content }, HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync<Dashboard.Contracts.Networks.NetworkDto>(response, ct);
    }

    public async Task RemoveNetworkAsync(string reference, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/networks/{Esc(reference)}"), HttpCompletionOption.ResponseContentRead, ct);
    }

    public async Task ConnectNetworkAsync(string network, Dashboard.Contracts.Networks.NetworkConnectDto dto, CancellationToken ct)
    {
        using var content = JsonContent.Create(dto, options: ContractJson.Options);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/networks/{Esc(network)}/connect") { Content = content }, HttpCompletionOption.ResponseContentRead, ct);
    }

    public async Task DisconnectNetworkAsync(string network, Dashboard.Contracts.Networks.NetworkDisconnectDto dto, CancellationToken ct)
    {
        using var content = JsonContent.Create(dto, options: ContractJson.Options);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/networks/{Esc(network)}/disconnect") { Content = content }, HttpCompletionOption.ResponseContentRead, ct);
    }

    public void Dispose() => _http.Dispose();

    private static string Esc(string reference) => Uri.EscapeDataString(reference);

    private async Task<T> GetJsonAsync<T>(string uri, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseContentRead, ct);
        return await ReadJsonAsync<T>(response, ct);
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(ContractJson.Options, ct)
        ?? throw new ApiException(response.StatusCode, new ProblemDto { Title = "The daemon sent an empty answer." });

    /// <summary>Sends, maps connection failures and non-success answers to typed errors.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            using (request) response = await _http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError || ex.InnerException is SocketException)
        {
            throw new DaemonUnavailableException(_address, ex);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new ApiException(response.StatusCode, ProblemReader.Read(body, (int)response.StatusCode, response.ReasonPhrase));
        }
    }
}
