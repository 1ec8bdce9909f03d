namespace Dashboard.Engine.Containers.Logs;

/// <summary>Which records of a log a read returns: the chosen streams, from Since, up to Until (inclusive). Records
/// are in time order as conmon writes them, so a read stops at the first record after Until, and a tail stops
/// counting at the first record before Since.</summary>
internal sealed class LogRecordFilter(LogOptions options)
{
    public bool Selects(LogStream stream) => stream == LogStream.Stdout ? options.Stdout : options.Stderr;

    public bool IsBeforeSince(DateTimeOffset time) => options.Since is { } since && time < since;

    public bool IsAfterUntil(DateTimeOffset time) => options.Until is { } until && time > until;

    public bool HasSince => options.Since is not null;
}
