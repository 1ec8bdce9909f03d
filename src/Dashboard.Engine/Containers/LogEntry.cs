namespace Dashboard.Engine.Containers;

public enum LogStream { Stdout = 1, Stderr = 2 }

/// <summary>One log record from conmon's k8s-file log. <see cref="Content"/> includes the trailing newline unless
/// the record is partial (the process wrote no newline yet).</summary>
public sealed record LogEntry(DateTimeOffset Time, LogStream Stream, byte[] Content);

public sealed record LogOptions
{
    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;
    public bool Follow { get; init; }
    /// <summary>Only the last N entries; null means all.</summary>
    public int? Tail { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
}

public enum WaitCondition { NotRunning, NextExit, Removed }

public sealed record WaitResult(int StatusCode, string? Error);
