using System.Globalization;
using Dashboard.Engine.Containers;
using Dashboard.Web.Access;

namespace Dashboard.Web.NativeApi;

/// <summary>
/// The audit records of a native exec: "container.exec" when the process starts (who, when, which container, which
/// command, how: tty, user, privileged) and "container.exec.end" when the session ends, with its exit code (or why it
/// ended early) and how long it lasted. Two records rather than one at the end, so that a shell that is still open, or
/// whose end was never recorded because the daemon died, is in the log from its first second.
/// </summary>
internal sealed class ExecAudit(IAuditLog log, TimeProvider time, HttpContext context, string container, string execId, ExecRequest request)
{
    public const string StartAction = "container.exec";
    public const string EndAction = "container.exec.end";
    private const int MaxCommandLength = 500;

    private long _started;

    public Task StartedAsync(bool detached)
    {
        _started = time.GetTimestamp();
        var how = new List<string>();
        if (detached) how.Add("detached");
        if (request.Tty) how.Add("tty");
        if (request.User is { } user) how.Add("user " + user);
        if (request.WorkingDir is { } dir) how.Add("in " + dir);
        if (request.Privileged) how.Add("privileged");
        var detail = $"{Command(request.Cmd)}{(how.Count > 0 ? " (" + string.Join(", ", how) + ")" : "")}; exec {execId[..12]}";
        return RecordAsync(StartAction, detail);
    }

    public Task EndedAsync(ExecSessionEnd end)
    {
        var seconds = time.GetElapsedTime(_started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var why = end.Outcome switch
        {
            ExecSessionOutcome.Exited => $"exit {end.ExitCode}",
            ExecSessionOutcome.Revoked => "closed: the user's access was revoked; hung up",
            ExecSessionOutcome.ContainerRemoved => "ended: the container was removed",
            _ => "the client left; hung up",
        };
        return RecordAsync(EndAction, $"{Command(request.Cmd)}: {why} after {seconds} s; exec {execId[..12]}");
    }

    private Task RecordAsync(string action, string detail) =>
        log.RecordAsync(context.User, action, container, detail, context.Connection.RemoteIpAddress?.ToString(), CancellationToken.None);

    /// <summary>The argv as a shell would take it back (arguments with spaces or quotes quoted), cut when very long.</summary>
    internal static string Command(IReadOnlyList<string> argv)
    {
        var text = string.Join(' ', argv.Select(a => a.Length > 0 && !a.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '\\') ? a
            : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        return text.Length <= MaxCommandLength ? text : text[..MaxCommandLength] + "…";
    }
}
