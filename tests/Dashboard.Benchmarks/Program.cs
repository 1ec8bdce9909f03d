using System.Globalization;
using Dashboard.Benchmarks;

// Numbers (create+start in ms, one per measured iteration) go to stdout; everything else to stderr.
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
