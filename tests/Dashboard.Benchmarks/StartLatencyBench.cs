using System.Diagnostics;
using System.Runtime.CompilerServices;
using Dashboard.Data;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Hosting;
using Dashboard.Engine.Spec;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Benchmarks;

/// <summary>
/// Row D of tests/bench/start-latency.sh: a whole engine in this process, over its own data root, run root and
/// cgroup parent. Each iteration times CreateAsync + StartAsync of a container running <c>true</c> (the command
/// the other rows run); waiting for its exit and removing it are not timed. Disposing removes every container and
/// the image it made, stops the engine, removes the cgroup parent and the state directories it populated.
/// </summary>
public sealed class StartLatencyBench : IAsyncDisposable
{
    private const string ImageName = "benchbb:latest";

    private readonly BenchArguments _arguments;
    private readonly StateDirectories _directories;
    private readonly List<TimeSpan> _creates = [];
    private readonly List<TimeSpan> _starts = [];
    private SqliteDatabase? _database;
    private EngineHost? _host;

    private StartLatencyBench(BenchArguments arguments)
    {
        _arguments = arguments;
        _directories = new StateDirectories(arguments.DataRoot, arguments.RunRoot);
    }

    public static async Task<StartLatencyBench> CreateAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var bench = new StartLatencyBench(arguments);
        try
        {
            await bench.StartEngineAsync(cancellationToken);
            return bench;
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }
    }

    private async Task StartEngineAsync(CancellationToken cancellationToken)
    {
        var options = new EngineOptions
        {
            DataRoot = _arguments.DataRoot,
            RunRoot = _arguments.RunRoot,
            CgroupParent = _arguments.CgroupParent,
            DefaultStopTimeoutSeconds = 2,
        };
        _database = SqliteDatabase.Open(options.DatabasePath);
        _host = await EngineHost.CreateAsync(options, new ContainerRepository(_database), new EventRepository(_database),
            _arguments.Trace ? new TraceLoggerFactory() : NullLoggerFactory.Instance, cancellationToken);
        await _host.StartAsync(cancellationToken);
        await using var tar = File.OpenRead(_arguments.RootfsTar);
        var image = await _host.Images.ImportAsync(tar, ImageName, "start-latency benchmark", cancellationToken);
        Console.Error.WriteLine($"engine: {_host.Selection.Name} {_host.Selection.Version}, image {image.Id[..19]}");
    }

    /// <summary>Yields create+start of each measured iteration (warm-up iterations run but are not yielded).</summary>
    public async IAsyncEnumerable<TimeSpan> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var engine = _host!.Containers;
        var request = new CreateContainerRequest { Image = ImageName, Cmd = ["true"], NetworkMode = "none" };
        for (var i = 1; i <= _arguments.Warmup + _arguments.Iterations; i++)
        {
            if (_arguments.Trace) TraceLoggerFactory.Mark($"iteration {i}: create");
            var t0 = Stopwatch.GetTimestamp();
            var created = await engine.CreateAsync(request, cancellationToken);
            var t1 = Stopwatch.GetTimestamp();
            try
            {
                await engine.StartAsync(created.Id, cancellationToken);
                var t2 = Stopwatch.GetTimestamp();
                if (_arguments.Trace) TraceLoggerFactory.Mark($"iteration {i}: started (create {Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds:F1} ms, start {Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds:F1} ms)");
                // Not timed: `true` exits at once; wait for it so runs do not overlap, then remove it.
                await engine.WaitAsync(created.Id, WaitCondition.NotRunning, cancellationToken)
                    .WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                if (i <= _arguments.Warmup) continue;
                _creates.Add(Stopwatch.GetElapsedTime(t0, t1));
                _starts.Add(Stopwatch.GetElapsedTime(t1, t2));
                yield return Stopwatch.GetElapsedTime(t0, t2);
            }
            finally
            {
                await engine.RemoveAsync(created.Id, force: true, CancellationToken.None);
            }
        }
        Console.Error.WriteLine($"engine medians: create {Median(_creates):F2} ms, start {Median(_starts):F2} ms");
    }

    private static double Median(List<TimeSpan> samples)
    {
        if (samples.Count == 0) return 0;
        var sorted = samples.Select(s => s.TotalMilliseconds).Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            foreach (var container in _host.Containers.List())
            {
                try { await _host.Containers.RemoveAsync(container.Id, force: true, CancellationToken.None); }
                catch (Exception ex) { Console.Error.WriteLine($"cleanup: removing {container.Id[..12]}: {ex.Message}"); }
            }
            try { await _host.Images.RemoveAsync(ImageName, force: true, CancellationToken.None); }
            catch (Exception ex) { Console.Error.WriteLine($"cleanup: removing {ImageName}: {ex.Message}"); }
            await _host.DisposeAsync();
            _host = null;
        }
        _database?.Dispose();
        _database = null;
        CgroupCleanup.RemoveParent(_arguments.CgroupParent);
        _directories.Clean();
    }
}
