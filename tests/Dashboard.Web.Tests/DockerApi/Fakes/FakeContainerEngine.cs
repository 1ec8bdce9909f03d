using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Tests.DockerApi.Fakes;

/// <summary>
/// A deterministic in-memory container engine. A started container runs its command through
/// <see cref="FakeStep"/> (echo lines become log entries; it exits when the script ends, on exit N, or on a signal
/// with 128+N), so wait, logs, attach and auto-remove behave like the real thing without runc.
/// </summary>
public sealed class FakeContainerEngine : IContainerEngine, IImageUsage
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeContainer> _containers = new(StringComparer.Ordinal);
    private readonly FakeImageService _images;
    private int _nextPid = 4000;

    public FakeContainerEngine(FakeImageService images)
    {
        _images = images;
        images.Usage = this;
    }

    /// <summary>False makes the fake behave like an engine that ignores <see cref="LogOptions.WaitForStart"/>, to
    /// exercise the API's fallback.</summary>
    public bool HonourWaitForStart { get; set; } = true;

    /// <summary>Every request the API handed to CreateAsync, to check the Docker-to-engine mapping.</summary>
    public List<CreateContainerRequest> CreateRequests { get; } = [];

    public IReadOnlyList<ContainerRecord> List()
    {
        lock (_lock) return _containers.Values.Select(c => c.Record).ToList();
    }

    private readonly ContainerChangeFeed _feed = new();

    /// <summary>A snapshot and the feed; this fake publishes limit updates only.</summary>
    public ContainerWatch Watch(int capacity = 4096) => _feed.Watch(List, capacity);

    public Task<ContainerRecord> UpdateLimitsAsync(string reference, LimitsUpdate update, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var c = Find(reference);
            var limits = ContainerRequestValidator.ValidateLimits(update.MergeInto(c.Record.Config), new HostLimits(4, 8L << 30));
            c.Record = c.Record with { Config = c.Record.Config with { Resources = limits } };
            _feed.Publish(ContainerChangeKind.Updated, c.Record);
            return Task.FromResult(c.Record);
        }
    }

    public ContainerRecord Get(string reference)
    {
        lock (_lock) return Find(reference).Record;
    }

    public string? ContainerUsing(string imageId)
    {
        lock (_lock) return _containers.Values.FirstOrDefault(c => c.Record.ImageId == imageId)?.Record.Id;
    }

    public Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            CreateRequests.Add(request);
            var image = _images.Resolve(request.Image);
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var name = request.Name ?? "fake_" + id[..8];
            var existing = _containers.Values.FirstOrDefault(c => c.Record.Name == name);
            if (existing is not null) throw new NameConflictException(name, existing.Record.Id);
            var record = new ContainerRecord
            {
                Id = id,
                Name = name,
                ImageId = image.Id,
                Created = DateTimeOffset.UtcNow,
                Config = Web.Tests.Fakes.FakeNamespaces.Apply(FakeConfig.From(request), request, r => TryFind(r)?.Record.Id),
            };
            _containers[id] = new FakeContainer(record);
            return Task.FromResult(record);
        }
    }

    public Task<bool> StartAsync(string reference, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var c = Find(reference);
            var status = c.Record.State.Status;
            if (status.IsAlive()) return Task.FromResult(false);
            var steps = Steps(c);
            c.Starts++;
            c.Run = new CancellationTokenSource();
            c.PendingSignal = null;
            c.Exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            c.Record = c.Record with
            {
                State = c.Record.State with
                {
                    Status = ContainerStatus.Running, Pid = ++_nextPid, StartedAt = DateTimeOffset.UtcNow,
                    FinishedAt = null, ExitCode = null, Error = null,
                },
            };
            c.NotifyChanged();
            var token = c.Run.Token;
            _ = Task.Run(() => RunAsync(c, steps, token));
            return Task.FromResult(true);
        }
    }

    public async Task<bool> StopAsync(string reference, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        Task exited;
        lock (_lock)
        {
            var c = Find(reference);
            if (!c.Record.State.Status.IsAlive()) return false;
            Signal(c, FakeSignals.Parse(signal ?? c.Record.Config.StopSignal ?? "TERM"));
            exited = c.Exited!.Task;
        }
        await exited;
        return true;
    }

    public async Task KillAsync(string reference, string? signal, CancellationToken cancellationToken)
    {
        Task exited;
        int number;
        lock (_lock)
        {
            var c = Find(reference);
            if (!c.Record.State.Status.IsAlive())
                throw new InvalidContainerStateException(c.Record.Id, c.Record.State.Status.DockerName(), "kill");
            number = FakeSignals.Parse(signal ?? "KILL");
            if (!FakeSignals.Terminates(number)) return;
            Signal(c, number);
            exited = c.Exited!.Task;
        }
        await exited;
    }

    public async Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        await StopAsync(reference, timeoutSeconds, null, cancellationToken);
        await StartAsync(reference, cancellationToken);
    }

    public Task PauseAsync(string reference, CancellationToken cancellationToken) =>
        SetPaused(reference, ContainerStatus.Running, ContainerStatus.Paused, "pause");

    public Task UnpauseAsync(string reference, CancellationToken cancellationToken) =>
        SetPaused(reference, ContainerStatus.Paused, ContainerStatus.Running, "unpause");

    public async Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        Task? exited = null;
        FakeContainer c;
        lock (_lock)
        {
            c = Find(reference);
            if (c.Record.State.Status.IsAlive())
            {
                if (!force)
                    throw new InvalidContainerStateException(c.Record.Id, c.Record.State.Status.DockerName(),
                        "remove running");
                Signal(c, 9);
                exited = c.Exited!.Task;
            }
        }
        if (exited is not null) await exited;
        lock (_lock) Remove(c);
    }

    public Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var c = Find(reference);
            if (condition == WaitCondition.NotRunning && !c.Record.State.Status.IsAlive())
                return Task.FromResult(new WaitResult(c.Record.State.ExitCode ?? 0, null));
            var waiter = new TaskCompletionSource<WaitResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            c.Waiters.Add((condition, waiter));
            cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            return waiter.Task;
        }
    }

    public async IAsyncEnumerable<LogEntry> ReadLogsAsync(string reference, LogOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FakeContainer c;
        int next;
        int startsAtBegin;
        bool aliveAtBegin;
        List<LogEntry> first;
        lock (_lock)
        {
            c = Find(reference);
            first = c.Logs.Where(e => Wanted(e, options)).ToList();
            if (options.Tail is { } tail) first = first.Skip(Math.Max(0, first.Count - tail)).ToList();
            next = c.Logs.Count;
            startsAtBegin = c.Starts;
            aliveAtBegin = c.Record.State.Status.IsAlive();
        }
        foreach (var entry in first) yield return entry;
        if (!options.Follow) yield break;

        while (true)
        {
            List<LogEntry> batch;
            bool ended;
            Task changed;
            lock (_lock)
            {
                batch = c.Logs.Skip(next).Where(e => Wanted(e, options)).ToList();
                next = c.Logs.Count;
                var alive = c.Record.State.Status.IsAlive();
                var waitForStart = options.WaitForStart && HonourWaitForStart;
                ended = c.Removed || (!alive && (!waitForStart || aliveAtBegin || c.Starts > startsAtBegin));
                changed = c.Changed;
            }
            foreach (var entry in batch) yield return entry;
            if (ended) yield break;
            await changed.WaitAsync(cancellationToken);
        }
    }

    private static bool Wanted(LogEntry e, LogOptions o) =>
        (e.Stream == LogStream.Stdout ? o.Stdout : o.Stderr)
        && (o.Since is null || e.Time >= o.Since) && (o.Until is null || e.Time <= o.Until);

    private IReadOnlyList<FakeStep> Steps(FakeContainer c)
    {
        var image = _images.TryResolve(c.Record.ImageId, out var i) ? i : null;
        var argv = (c.Record.Config.Entrypoint ?? image?.Config.Entrypoint ?? [])
            .Concat(c.Record.Config.Cmd ?? image?.Config.Cmd ?? []).ToList();
        try
        {
            return FakeStep.Parse(argv);
        }
        catch (UnknownProgramException e)
        {
            var error = new OciRuntimeException("runc start", 1,
                $"exec failed: unable to start container process: exec: \"{e.Program}\": executable file not found in $PATH");
            // A failed start records the error. Removing a --rm container is left to the API (which the
            // missing-executable test checks), so the fake stays the lazier kind of engine.
            c.Record = c.Record with { State = c.Record.State with { Error = error.Message, ExitCode = 127 } };
            throw error;
        }
    }

    private async Task RunAsync(FakeContainer c, IReadOnlyList<FakeStep> steps, CancellationToken signalled)
    {
        var code = 0;
        try
        {
            foreach (var step in steps)
            {
                if (step is FakeStep.Echo echo)
                {
                    lock (_lock)
                    {
                        c.Logs.Add(new LogEntry(DateTimeOffset.UtcNow, echo.Stderr ? LogStream.Stderr : LogStream.Stdout,
                            System.Text.Encoding.UTF8.GetBytes(echo.Text)));
                        c.NotifyChanged();
                    }
                }
                else if (step is FakeStep.Sleep sleep) await Task.Delay(sleep.Duration, signalled);
                else if (step is FakeStep.Exit exit) { code = exit.Code; break; }
            }
            // Let the engine's caller return from StartAsync first, like a real process that runs for a moment.
            await Task.Delay(20, signalled);
        }
        catch (OperationCanceledException)
        {
        }
        lock (_lock)
        {
            if (c.PendingSignal is { } signal) code = 128 + signal;
            Exit(c, code);
        }
    }

    private void Signal(FakeContainer c, int signal)
    {
        c.PendingSignal ??= signal;
        c.Run?.Cancel();
    }

    private void Exit(FakeContainer c, int code)
    {
        c.Record = c.Record with
        {
            State = c.Record.State with { Status = ContainerStatus.Exited, Pid = null, ExitCode = code, FinishedAt = DateTimeOffset.UtcNow },
        };
        foreach (var w in c.Waiters.Where(w => w.Condition != WaitCondition.Removed).ToList())
        {
            w.Waiter.TrySetResult(new WaitResult(code, null));
            c.Waiters.Remove(w);
        }
        c.NotifyChanged();
        c.Exited?.TrySetResult();
        if (c.Record.Config.AutoRemove) Remove(c);
    }

    private void Remove(FakeContainer c)
    {
        if (c.Removed) return;
        c.Removed = true;
        _containers.Remove(c.Record.Id);
        foreach (var w in c.Waiters) w.Waiter.TrySetResult(new WaitResult(c.Record.State.ExitCode ?? 0, null));
        c.Waiters.Clear();
        c.NotifyChanged();
    }

    private Task SetPaused(string reference, ContainerStatus from, ContainerStatus to, string action)
    {
        lock (_lock)
        {
            var c = Find(reference);
            if (c.Record.State.Status != from)
                throw new InvalidContainerStateException(c.Record.Id, c.Record.State.Status.DockerName(), action);
            c.Record = c.Record with { State = c.Record.State with { Status = to } };
            c.NotifyChanged();
        }
        return Task.CompletedTask;
    }

    private FakeContainer? TryFind(string reference)
    {
        try { return Find(reference); }
        catch (EngineException) { return null; }
    }

    private FakeContainer Find(string reference)
    {
        var name = reference.TrimStart('/');
        if (_containers.TryGetValue(reference, out var byId)) return byId;
        var byName = _containers.Values.FirstOrDefault(c => c.Record.Name == name);
        if (byName is not null) return byName;
        var byPrefix = _containers.Values.Where(c => c.Record.Id.StartsWith(reference, StringComparison.Ordinal)).ToList();
        return byPrefix.Count switch
        {
            1 => byPrefix[0],
            0 => throw new ContainerNotFoundException(reference),
            _ => throw new AmbiguousReferenceException(reference),
        };
    }
}

internal static class FakeSignals
{
    public static int Parse(string signal)
    {
        var s = signal.ToUpperInvariant();
        if (s.StartsWith("SIG", StringComparison.Ordinal)) s = s[3..];
        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        return s switch
        {
            "HUP" => 1, "INT" => 2, "QUIT" => 3, "KILL" => 9, "USR1" => 10, "USR2" => 12, "TERM" => 15,
            "CHLD" => 17, "CONT" => 18, "STOP" => 19, "WINCH" => 28,
            _ => throw new ValidationException("signal", $"invalid signal: {signal}"),
        };
    }

    public static bool Terminates(int signal) => signal is not (17 or 18 or 19 or 28);
}
