using System.Text;
using System.Text.Json;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Runtime;
using Dashboard.Web.DockerApi.Hijack;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// docker exec: POST /containers/{id}/exec creates a session, POST /exec/{id}/start runs it (detached: 200 once it
/// runs; attached: the hijacked stream, as attach's, raw for a TTY), GET /exec/{id}/json shows it and POST
/// /exec/{id}/resize resizes its terminal. As in moby, an attached start that fails once the stream is open writes the
/// error into the stream and the client reads the exit code (126 or 127) from inspect.
/// </summary>
internal static class ExecHandlers
{
    /// <summary>How long an attached start waits, after the output ended, for conmon's report of the exit code, so that
    /// the client's inspect that follows finds it (conmon closes the stream just before it reports).</summary>
    private static readonly TimeSpan ExitPatience = TimeSpan.FromSeconds(10);

    public static async Task CreateAsync(HttpContext context)
    {
        var body = await DockerJson.ReadAsync<ExecCreateBody>(context)
            ?? throw new DockerApiException(StatusCodes.Status400BadRequest, "exec config cannot be empty");
        if (PrivilegedExecDenial(context, body.Privileged) is { } denied)
            throw new DockerApiException(StatusCodes.Status403Forbidden, denied);
        if (body.DetachKeys is { Length: > 0 } keys && DetachKeys.Parse(keys) is null) throw DetachKeys.Invalid(keys);
        var request = new ExecRequest
        {
            Cmd = body.Cmd ?? [],
            Env = body.Env ?? [],
            User = string.IsNullOrEmpty(body.User) ? null : body.User,
            WorkingDir = string.IsNullOrEmpty(body.WorkingDir) ? null : body.WorkingDir,
            Tty = body.Tty,
            AttachStdin = body.AttachStdin,
            AttachStdout = body.AttachStdout,
            AttachStderr = body.AttachStderr,
            Privileged = body.Privileged,
            DetachKeys = string.IsNullOrEmpty(body.DetachKeys) ? null : body.DetachKeys,
            ConsoleSize = body.ConsoleSize,
        };
        var id = await ContainerHandlers.Engine(context).CreateExecAsync(ContainerHandlers.Id(context), request, CancellationToken.None);
        // With its length, so that the client has the whole answer at once: a chunked one ends only when the request's
        // pipeline does, after the audit record (a durable SQLite commit, 5-25 ms on a busy disk) is stored, and the
        // docker CLI reads a response to its end before it starts the exec.
        var answer = JsonSerializer.SerializeToUtf8Bytes(new ExecCreateResponse(id), DockerJson.Options);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.ContentType = DockerJson.ContentType;
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    public static async Task StartAsync(HttpContext context)
    {
        var engine = ContainerHandlers.Engine(context);
        var execId = ExecId(context);
        var body = await DockerJson.ReadAsync<ExecStartBody>(context) ?? new ExecStartBody();
        var session = engine.InspectExec(execId);
        if (session.Running || session.ExitCode is not null) throw new ExecAlreadyStartedException(execId, session.Running);
        if (body.Detach)
        {
            await engine.StartExecAsync(execId, detach: true, CancellationToken.None);
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        var request = session.Request;
        var tty = request.Tty;
        var aborted = context.RequestAborted;
        var (output, input) = await HijackedStream.OpenAsync(context, request.AttachStdin, tty);
        try
        {
            IContainerAttachment? attachment;
            try
            {
                attachment = await engine.StartExecAsync(execId, detach: false, CancellationToken.None);
            }
            catch (Engine.EngineException ex)
            {
                // moby's words for a command that cannot run: the docker CLI prints them and exits with inspect's code.
                var text = ex is ExecStartFailedException ? $"OCI runtime exec failed: {ex.Message}: unknown" : ex.Message;
                await StreamFrames.WriteAsync(output, tty, 1, Encoding.UTF8.GetBytes(text + "\r\n"), aborted);
                await output.FlushAsync(aborted);
                return;
            }
            await using (attachment)
            {
                var detachKeys = tty ? DetachKeys.Parse(request.DetachKeys) : null;
                var detached = await HijackedStream.CopyAsync(attachment!, input, output, tty, detachKeys, aborted);
                if (detached)
                {
                    await engine.RecordDetachAsync(session.ContainerId, execId, CancellationToken.None);
                }
                else
                {
                    using var patience = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                    patience.CancelAfter(ExitPatience);
                    try { await engine.WaitExecAsync(execId, patience.Token); }
                    catch (OperationCanceledException) when (!aborted.IsCancellationRequested) { }
                }
            }
            await output.FlushAsync(CancellationToken.None);
        }
        catch (IOException)
        {
            // The client went away; a hijacked connection has no other way to say so.
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
        finally
        {
            await HijackedStream.CloseAsync(context);
        }
    }

    public static async Task InspectAsync(HttpContext context)
    {
        var session = ContainerHandlers.Engine(context).InspectExec(ExecId(context));
        var request = session.Request;
        var model = new ExecInspectModel(
            ID: session.Id,
            Running: session.Running,
            ExitCode: session.ExitCode,
            ProcessConfig: new ExecProcessConfigModel(request.Tty, request.Cmd.Count > 0 ? request.Cmd[0] : "",
                request.Cmd.Skip(1).ToList(), request.Privileged, request.User ?? ""),
            OpenStdin: request.AttachStdin,
            OpenStderr: request.AttachStderr,
            OpenStdout: request.AttachStdout,
            CanRemove: false,
            ContainerID: session.ContainerId,
            DetachKeys: request.DetachKeys ?? "",
            Pid: session.Pid);
        await DockerJson.WriteAsync(context, model);
    }

    public static async Task ResizeAsync(HttpContext context)
    {
        var (height, width) = ResizeHandler.Size(context.Request);
        await ContainerHandlers.Engine(context).ResizeExecAsync(ExecId(context), height, width, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static string ExecId(HttpContext context) => (string)context.Request.RouteValues["execId"]!;

    private static string? PrivilegedExecDenial(HttpContext context, bool privileged) =>
        Access.PrivilegedAccess.ExecDenial(context, privileged);
}
