using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Web.Access;

namespace Dashboard.Web.NativeApi;

/// <summary>/api/containers: list, create (and run), inspect, the lifecycle verbs, remove and wait.</summary>
internal static class ContainerEndpoints
{
    private static readonly string[] KnownStatuses = Enum.GetValues<ContainerStatus>().Select(s => s.DockerName()).ToArray();

    public static void MapContainerEndpoints(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/containers").RequireRole(Roles.Viewer);
        var act = api.MapGroup("/containers").RequireRole(Roles.Operator);
        read.MapGet("", List);
        // The name is in the body, not the path: the audit names it when a client also sends ?name=.
        act.MapPost("", CreateAsync).Audited("container.create", AuditTarget.Query("name"));
        read.MapGet("/{reference}", (string reference, IContainerEngine engine, HttpContext ctx, IServiceProvider sp) =>
        {
            var record = engine.Get(reference);
            // Viewers see the names of the environment, not the values (Access/EnvMask.cs).
            return Json(ContainerMapper.ToDetail(EnvMask.ShowsValues(ctx.User) ? record : EnvMask.Apply(record), sp.GetRequiredService<IImageService>()));
        });
        act.MapPost("/{reference}/start", async (string reference, IContainerEngine engine, HttpContext ctx) =>
        {
            await engine.StartAsync(reference, ctx.RequestAborted);
            return Results.NoContent();
        }).Audited("container.start", Reference);
        act.MapPost("/{reference}/stop", async (string reference, IContainerEngine engine, HttpContext ctx) =>
        {
            var q = new QueryReader(ctx.Request.Query);
            var timeout = q.Int("timeout", min: -1);
            var signal = q.String("signal");
            q.ThrowIfInvalid();
            await engine.StopAsync(reference, timeout, signal, ctx.RequestAborted);
            return Results.NoContent();
        }).Audited("container.stop", Reference);
        act.MapPost("/{reference}/restart", async (string reference, IContainerEngine engine, HttpContext ctx) =>
        {
            var q = new QueryReader(ctx.Request.Query);
            var timeout = q.Int("timeout", min: -1);
            q.ThrowIfInvalid();
            await engine.RestartAsync(reference, timeout, ctx.RequestAborted);
            return Results.NoContent();
        }).Audited("container.restart", Reference);
        act.MapPost("/{reference}/kill", async (string reference, IContainerEngine engine, HttpContext ctx) =>
        {
            await engine.KillAsync(reference, new QueryReader(ctx.Request.Query).String("signal"), ctx.RequestAborted);
            return Results.NoContent();
        }).Audited("container.kill", Reference);
        act.MapPost("/{reference}/pause", async (string reference, IContainerEngine engine, HttpContext ctx) =>
        {
            await engine.PauseAsync(reference, ctx.RequestAborted);
            return Results.NoContent();
        }).Audited("container.pause", Reference);
        act.MapPost("/{reference}/unpause", async (string reference, IContainerEngine engine, HttpContext ctx) =>
        {
            await engine.UnpauseAsync(reference, ctx.RequestAborted);
            return Results.NoContent();
        }).Audited("container.unpause", Reference);
        act.MapDelete("/{reference}", async (string reference, IContainerEngine engine, HttpContext ctx) =>
        {
            var q = new QueryReader(ctx.Request.Query);
            var force = q.Bool("force");
            q.ThrowIfInvalid();
            await engine.RemoveAsync(reference, force, ctx.RequestAborted);
            return Results.NoContent();
        }).Audited("container.remove", Reference);
        // An operator's, as every POST was before routes declared their own policy (docker wait is one too).
        act.MapPost("/{reference}/wait", WaitAsync).NotAudited("waits for the container to stop; changes nothing");
    }

    private static readonly AuditTarget Reference = AuditTarget.Route("reference");

    private static IResult List(HttpRequest request, IContainerEngine engine, IServiceProvider sp)
    {
        var q = new QueryReader(request.Query);
        var all = q.Bool("all");
        var names = q.All("name");
        var statuses = q.All("status").Select(s => s.ToLowerInvariant()).ToArray();
        foreach (var s in statuses.Where(s => !KnownStatuses.Contains(s)))
            q.Fail("status", $"\"{s}\" is not a container status; use one of {string.Join(", ", KnownStatuses)}.");
        var labels = q.All("label");
        q.ThrowIfInvalid();

        var images = sp.GetRequiredService<IImageService>();
        var rows = engine.List()
            // Like docker ps: without all only live containers, unless a status filter says otherwise.
            .Where(c => all || statuses.Length > 0 || c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting)
            .Where(c => statuses.Length == 0 || statuses.Contains(c.State.Status.DockerName()))
            .Where(c => names.Count == 0 || names.Any(n => c.Name.Contains(n.TrimStart('/'), StringComparison.Ordinal)))
            .Where(c => labels.All(l => MatchesLabel(c, l)))
            .OrderByDescending(c => c.Created)
            .Select(c => ContainerMapper.ToSummary(c, images))
            .ToArray();
        return Json(rows);
    }

    private static bool MatchesLabel(ContainerRecord c, string filter)
    {
        var eq = filter.IndexOf('=');
        if (eq < 0) return c.Config.Labels.ContainsKey(filter);
        return c.Config.Labels.TryGetValue(filter[..eq], out var value) && value == filter[(eq + 1)..];
    }

    private static async Task<IResult> CreateAsync(HttpContext ctx, IContainerEngine engine, IServiceProvider sp)
    {
        var q = new QueryReader(ctx.Request.Query);
        var start = q.Bool("start");
        q.ThrowIfInvalid();
        var dto = await ReadBodyAsync<CreateContainerDto>(ctx);
        var request = ContainerMapper.ToRequest(dto);
        if (CreateAccess.Denial(ctx.User, request, engine) is { } denied)
            return TypedResults.Problem(detail: denied, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
        var created = await engine.CreateAsync(request, ctx.RequestAborted);
        if (start) await engine.StartAsync(created.Id, ctx.RequestAborted);
        var current = start ? TryGet(engine, created.Id) ?? created : created;
        var detail = ContainerMapper.ToDetail(current, sp.GetRequiredService<IImageService>());
        return Results.Json(detail, ContractJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static ContainerRecord? TryGet(IContainerEngine engine, string id)
    {
        // A --rm container that already exited may be gone by now.
        try { return engine.Get(id); }
        catch (Dashboard.Engine.ContainerNotFoundException) { return null; }
    }

    /// <summary>
    /// Registers the waiter, then sends the headers at once: a client that sees the 200 knows the wait is in
    /// place and can start the container without missing a fast exit (what dashctl run does).
    /// </summary>
    private static async Task WaitAsync(string reference, HttpContext ctx, IContainerEngine engine)
    {
        var q = new QueryReader(ctx.Request.Query);
        var condition = (q.String("condition") ?? "not-running").ToLowerInvariant() switch
        {
            "not-running" => WaitCondition.NotRunning,
            "next-exit" => WaitCondition.NextExit,
            "removed" => WaitCondition.Removed,
            var other => Invalid(q, other),
        };
        q.ThrowIfInvalid();
        var wait = engine.WaitAsync(reference, condition, ctx.RequestAborted);
        if (wait.IsCompleted) await wait; // unknown container: 404 before any header is sent
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.StartAsync(ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);
        WaitResultDto result;
        try
        {
            var r = await wait;
            result = new WaitResultDto(r.StatusCode, r.Error);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = new WaitResultDto(-1, ex.Message);
        }
        await JsonSerializer.SerializeAsync(ctx.Response.Body, result, ContractJson.Options, ctx.RequestAborted);
    }

    private static WaitCondition Invalid(QueryReader q, string value)
    {
        q.Fail("condition", $"\"{value}\" is not a wait condition; use not-running, next-exit or removed.");
        return WaitCondition.NotRunning;
    }

    internal static IResult Json<T>(T value) => Results.Json(value, ContractJson.Options);

    /// <summary>The JSON body, at most <see cref="Hosting.JsonRequestBody.Limit"/> bytes (413 above).</summary>
    internal static async Task<T> ReadBodyAsync<T>(HttpContext ctx) where T : class
    {
        var body = await Hosting.JsonRequestBody.ReadAsync(ctx);
        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Span, ContractJson.Options);
            return value ?? throw new MalformedRequestException("Missing body.", "The request body must be a JSON object, not null.");
        }
        catch (JsonException ex)
        {
            var message = ctx.Request.ContentLength == 0 || ex.BytePositionInLine == 0 && ex.LineNumber == 0
                ? "The request body is empty or not JSON; send a JSON object."
                : $"The request body is not valid JSON: {ex.Message}";
            throw new MalformedRequestException("Malformed JSON.", message);
        }
    }
}
