using Microsoft.JSInterop;

namespace Dashboard.Web.Components.Detail;

/// <summary>
/// The terminals open on one container page. The page owns it, not the tab: switching to Logs and back keeps the
/// shells running (terminal.js keeps each xterm and its socket while the tab's element is gone). Disposing it, when
/// the page closes or shows another container, ends every session in the browser, which closes their sockets and so
/// their processes.
/// </summary>
public sealed class TerminalSessions(IJSRuntime js) : IAsyncDisposable
{
    /// <summary>The module the panes load; one path for both.</summary>
    public const string ModulePath = "./assets/terminal.js";

    private readonly List<TerminalSession> _sessions = [];
    private readonly Dictionary<TerminalSession, DotNetObjectReference<TerminalSession>> _references = [];
    private int _next = 1;

    public IReadOnlyList<TerminalSession> All => _sessions;

    /// <summary>Set once the tab has opened its first terminal by itself, so closing it does not bring one back.</summary>
    public bool OpenedFirst { get; set; }

    public TerminalSession Add(IReadOnlyList<string> command)
    {
        var session = new TerminalSession(_next++, command);
        _sessions.Add(session);
        return session;
    }

    /// <summary>The reference terminal.js reports state through; one per session, disposed with it.</summary>
    public DotNetObjectReference<TerminalSession> ReferenceOf(TerminalSession session)
    {
        if (!_references.TryGetValue(session, out var reference)) _references[session] = reference = DotNetObjectReference.Create(session);
        return reference;
    }

    public async Task CloseAsync(TerminalSession session)
    {
        _sessions.Remove(session);
        await CloseInBrowserAsync([session]);
    }

    public async Task CloseAllAsync()
    {
        var all = _sessions.ToList();
        _sessions.Clear();
        await CloseInBrowserAsync(all);
    }

    private async Task CloseInBrowserAsync(IReadOnlyList<TerminalSession> sessions)
    {
        if (sessions.Count == 0) return;
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
            foreach (var session in sessions) await module.InvokeVoidAsync("close", session.Id);
        }
        catch (JSDisconnectedException) { /* the browser is gone, and its sockets with it */ }
        catch (TaskCanceledException) { }
        finally
        {
            foreach (var session in sessions)
                if (_references.Remove(session, out var reference)) reference.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await CloseAllAsync();
}
