using Dashboard.Cli;
using Dashboard.Web.Tests.Fakes;
using Dashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Dashboard.Web.Tests.NativeApi;

/// <summary>The daemon's composition in process over the fake engine (<see cref="TestApp"/>), for the native API on its
/// unix socket; plus an HttpClient and the real dashctl entry point pointed at it. One per test, so tests never share
/// containers.</summary>
public sealed class NativeApiHost : IAsyncDisposable
{
    private readonly string _dir;
    private readonly WebApplication _app;
    private readonly FakeEngineParts _parts = new();

    public FakeImageService Images => _parts.Images;
    public FakeContainerEngine Engine => _parts.Engine;
    public string SocketPath { get; }
    public string HostUrl => "unix://" + SocketPath;
    public HttpClient Http { get; }

    private NativeApiHost()
    {
        _dir = Directory.CreateTempSubdirectory("dash-native-").FullName;
        SocketPath = TestApp.SocketPath(_dir);
        _app = TestApp.Build(_dir, _parts);
        Http = new HttpClient(TestApp.UnixHandler(SocketPath)) { BaseAddress = new Uri("http://localhost/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<NativeApiHost> StartAsync()
    {
        var host = new NativeApiHost();
        await host._app.StartAsync();
        return host;
    }

    /// <summary>Runs dashctl in process with --host pointing here; returns its exit code and what it printed.</summary>
    public Task<CliResult> DashctlAsync(params string[] args) => DashctlAsync(TimeSpan.FromSeconds(30), args);

    /// <summary>As above, cancelled (like Ctrl+C) after <paramref name="cancelAfter"/>.</summary>
    public async Task<CliResult> DashctlAsync(TimeSpan cancelAfter, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var cancel = new CancellationTokenSource(cancelAfter);
        var exit = await Dashctl.RunAsync(["--host", HostUrl, .. args], TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), _ => null, cancel.Token);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>As above, cancelled (like Ctrl+C) as soon as stdout contains <paramref name="cancelOnOutput"/>, so a
    /// slow first run cannot be interrupted before it printed what the test waits for.</summary>
    public async Task<CliResult> DashctlInterruptedAfterAsync(string cancelOnOutput, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var synchronizedOut = TextWriter.Synchronized(stdout);
        var run = Dashctl.RunAsync(["--host", HostUrl, .. args], synchronizedOut, TextWriter.Synchronized(stderr), _ => null, cancel.Token);
        while (!run.IsCompleted)
        {
            string text;
            lock (synchronizedOut) text = stdout.ToString();
            if (text.Contains(cancelOnOutput, StringComparison.Ordinal)) { await cancel.CancelAsync(); break; }
            await Task.WhenAny(run, Task.Delay(20));
        }
        var exit = await run;
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Engine.RemoveAllAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
