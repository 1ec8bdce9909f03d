namespace Dashboard.Cli.Terminal;

/// <summary>
/// The terminal dashctl runs on, for exec -t: its size, raw mode and its resizes. The real one is
/// <see cref="ConsoleTerminal"/>; in-process runs (tests) have none, and then exec -t sends no size and leaves the
/// input as it is.
/// </summary>
public interface ITerminal
{
    /// <summary>Standard input is a terminal (raw mode applies to it).</summary>
    bool InputIsTerminal { get; }

    /// <summary>The terminal's size (columns, rows), or null when neither stdin nor stdout is a terminal.</summary>
    (int Cols, int Rows)? Size();

    /// <summary>Puts standard input in raw mode (every key goes to the container as it is typed, ctrl-C included, no
    /// echo); disposing restores the settings it found, also on ctrl-C, SIGTERM or an exception.</summary>
    IDisposable EnterRawMode();

    /// <summary>Calls <paramref name="resized"/> on every SIGWINCH, until the result is disposed.</summary>
    IDisposable OnResize(Action resized);
}
