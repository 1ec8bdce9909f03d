using System.Net;
using System.Net.Sockets;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Web.DockerApi;
using Dashboard.Web.NativeApi;
using Dashboard.Web.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>The Docker API next to the native API in one app built with CreateSlimBuilder (no regex route
/// constraints): no ambiguous routes, each answers its own paths. (Access control is left out: the daemon's
/// composition, with it, is tested everywhere else.)</summary>
public sealed class DockerApiCompositionTests
{
    [Fact]
    public async Task Docker_and_native_apis_share_one_host()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"dash-comp-{Guid.NewGuid():N}"[..22] + ".sock");
        var images = new FakeImageService();
        var engine = new FakeContainerEngine(images);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.ListenUnixSocket(socket));
        builder.Services.AddDockerApi();
        builder.Services.AddSingleton<IContainerEngine>(engine);
        builder.Services.AddSingleton<IImageService>(images);
        builder.Services.AddSingleton<Dashboard.Engine.Runtime.IContainerRuntime>(new IdentityRuntime());
        builder.Services.AddSingleton(Hosting.FakeEngineParts.FakeHost);
        // Routing only: the routes declare their policies, which this host (no authentication) does not enforce.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteOptions>(o => o.SuppressCheckForUnhandledSecurityMetadata = true);
        await using var app = builder.Build();
        app.UseDockerApiHeaders();
        app.MapNativeApi();
        app.MapDockerApi();
        await app.StartAsync();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                    return new NetworkStream(s, ownsSocket: true);
                },
            }) { BaseAddress = new Uri("http://docker"), Timeout = TimeSpan.FromSeconds(20) };

            foreach (var path in new[] { "/api/containers", "/containers/json", "/v1.44/containers/json", "/images/json", "/api/images", "/_ping" })
            {
                using var response = await http.GetAsync(path);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            using var version = await http.GetAsync("/v1.44/version");
            Assert.Equal(HttpStatusCode.OK, version.StatusCode);
            using var nativeMissing = await http.GetAsync("/api/nope");
            Assert.Equal(HttpStatusCode.NotFound, nativeMissing.StatusCode);
            Assert.Equal("application/problem+json", nativeMissing.Content.Headers.ContentType?.MediaType);
            using var dockerMissing = await http.GetAsync("/v1.44/nope");
            Assert.Equal("application/json", dockerMissing.Content.Headers.ContentType?.ToString());
        }
        finally
        {
            await app.StopAsync();
            File.Delete(socket);
        }
    }
}
