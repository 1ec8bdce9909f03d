using System.Globalization;
using Dashboard.Benchmarks;
using Dashboard.Benchmarks.Ui;

// Modes: `sampler-cost ...`, `oom-latency ...` and `exit-latency ...` (tests/bench/stats-oom.sh); otherwise the
// start-latency mode.
// `ui-load ...` is tests/bench/ui-load.sh (issue 4 page speed), `terminal-echo ...` tests/bench/terminal-echo.sh (issue 11
// keystroke echo). Numbers go to stdout; everything else to stderr.
if (args.Length > 0 && args[0] is "sampler-cost" or "oom-latency" or "exit-latency" or "ui-load" or "terminal-echo")
{
    try
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        if (args[0] == "ui-load") return await UiLoadBench.RunAsync(args[1..], stop.Token);
        if (args[0] == "terminal-echo") return await TerminalEchoBench.RunAsync(args[1..], stop.Token);
        if (args[0] == "exit-latency") return await ExitLatencyBench.RunAsync(args[1..], stop.Token);
        return args[0] == "sampler-cost"
            ? SamplerCostBench.Run(args[1..])
            : await OomLatencyBench.RunAsync(args[1..], stop.Token);
    }
    catch (Exception ex) when (ex is not OutOfMemoryException)
    {
        Console.Error.WriteLine($"Dashboard.Benchmarks {args[0]}: {ex}");
        return ex is ArgumentException ? 2 : 1;
    }
}

BenchArguments arguments;
try { arguments = BenchArguments.Parse(args); }
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"Dashboard.Benchmarks: {ex.Message}\n{BenchArguments.Usage}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
try
{
    await using var bench = await StartLatencyBench.CreateAsync(arguments, cancel.Token);
    await foreach (var sample in bench.RunAsync(cancel.Token))
        Console.Out.WriteLine(sample.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture));
    return 0;
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    Console.Error.WriteLine($"Dashboard.Benchmarks: {ex}");
    return 1;
}
