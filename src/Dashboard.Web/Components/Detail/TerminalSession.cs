using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Detail;

/// <summary>Where a terminal's connection stands, as terminal.js reports it.</summary>
public enum TerminalState { Connecting, Connected, Exited, Lost }

/// <summary>
/// One terminal on the container page: the command it runs and the state of its exec WebSocket. The bytes go between
/// xterm.js and the daemon without the circuit; terminal.js calls <see cref="OnState"/> when the connection changes,
/// and the tab renders <see cref="StatusText"/> and offers Reconnect once the session is over.
/// </summary>
public sealed class TerminalSession(int number, IReadOnlyList<string> command)
{
    /// <summary>The id terminal.js knows the session by (unique in the browser tab).</summary>
    public string Id { get; } = "dterm-" + Guid.NewGuid().ToString("N")[..12];
    public int Number { get; } = number;
    public IReadOnlyList<string> Command { get; } = command;
    public TerminalState State { get; private set; } = TerminalState.Connecting;
    public int? ExitCode { get; private set; }
    /// <summary>Why a connection was lost or refused, in words ("connection lost", "refused: …").</summary>
    public string? Reason { get; private set; }

    /// <summary>Raised on each state change, on the circuit's dispatcher.</summary>
    public event Action? Changed;

    public string Title => $"{Number} · {string.Join(' ', Command.Select(Launch.ShellWords.Quote))}";

    public bool IsOver => State is TerminalState.Exited or TerminalState.Lost;

    public string StatusText => State switch
    {
        TerminalState.Connecting => "connecting…",
        TerminalState.Connected => "connected",
        TerminalState.Exited => $"disconnected (exit code {ExitCode})",
        _ => $"disconnected ({Reason ?? "connection lost"})",
    };

    /// <summary>From terminal.js: "connecting", "connected", "exited" (with the exit code) or "lost" (with a reason).</summary>
    [JSInvokable]
    public void OnState(string state, int? exitCode, string? reason)
    {
        (State, ExitCode, Reason) = state switch
        {
            "connecting" => (TerminalState.Connecting, (int?)null, (string?)null),
            "connected" => (TerminalState.Connected, null, null),
            "exited" => (TerminalState.Exited, exitCode, null),
            _ => (TerminalState.Lost, null, reason),
        };
        Changed?.Invoke();
    }
}
