using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Registry;

/// <summary>
/// A small HTTP proxy in front of a real registry, on its own loopback port: it counts the GETs per path (so a test
/// sees which blobs were fetched), can hold blob responses back for a while (so pulls overlap), and can stall blobs
/// after some bytes until the client goes away (a pull cut off mid-layer).
/// </summary>
public sealed class RegistryProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new();
    private readonly string _upstreamHost;

    public ConcurrentDictionary<string, int> Gets { get; } = new();
    public TimeSpan BlobDelay { get; set; }
    public long? StallBlobsAfter { get; set; }
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource StalledClientGone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public string Host { get; private set; } = "";

    private RegistryProxy(string upstreamHost)
    {
        _upstreamHost = upstreamHost;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Map("/{**path}", ForwardAsync);
    }

    public static async Task<RegistryProxy> StartAsync(string upstreamHost)
    {
        var proxy = new RegistryProxy(upstreamHost);
        await proxy._app.StartAsync();
        var address = proxy._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Host = new Uri(address).Authority;
        return proxy;
    }

    public int BlobGets(string digest) => Gets.TryGetValue($"blobs/{digest}", out var n) ? n : 0;

    private async Task ForwardAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var blob = path.Contains("/blobs/", StringComparison.Ordinal);
        if (blob) Gets.AddOrUpdate("blobs/" + path[(path.IndexOf("/blobs/", StringComparison.Ordinal) + 7)..], 1, (_, n) => n + 1);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"http://{_upstreamHost}{path}{context.Request.QueryString}");
        foreach (var name in new[] { "Accept", "Authorization" })
            if (context.Request.Headers.TryGetValue(name, out var value)) request.Headers.TryAddWithoutValidation(name, value.ToArray());
        using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (blob && BlobDelay > TimeSpan.Zero) await Task.Delay(BlobDelay, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
            if (header.Key is not ("Transfer-Encoding" or "Connection")) context.Response.Headers[header.Key] = header.Value.ToArray();
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        if (blob && StallBlobsAfter is { } limit && response.IsSuccessStatusCode && response.Content.Headers.ContentLength > limit)
        {
            var buffer = new byte[limit];
            await body.ReadExactlyAsync(buffer, context.RequestAborted);
            await context.Response.Body.WriteAsync(buffer, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            Stalled.TrySetResult();
            try { await Task.Delay(Timeout.Infinite, context.RequestAborted); }
            catch (OperationCanceledException) { StalledClientGone.TrySetResult(); }
            return;
        }
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
