using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Dashboard.Benchmarks;

/// <summary>
/// --trace: the engine's debug log on stderr, each line stamped with milliseconds since the previous line, so
/// that the steps of a start (mount and bundle, conmon + runtime create, runtime start) can be told apart.
/// </summary>
public sealed class TraceLoggerFactory : ILoggerFactory
{
    private static readonly Lock Gate = new();
    private static long _last = Stopwatch.GetTimestamp();

    public ILogger CreateLogger(string categoryName) => new TraceLogger(categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    public static void Mark(string text) => Write("bench", text);

    /// <summary>"+x.x ms" from the timestamp to now.</summary>
    public static string Since(long timestamp) => $"+{Stopwatch.GetElapsedTime(timestamp).TotalMilliseconds:F1} ms";

    private static void Write(string category, string text)
    {
        lock (Gate)
        {
            var now = Stopwatch.GetTimestamp();
            Console.Error.WriteLine($"[{Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds,7:F1} ms] {category}: {text}");
            _last = now;
        }
    }

    private sealed class TraceLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            Write(category, text.Length > 160 ? text[..160] + "..." : text);
        }
    }
}
