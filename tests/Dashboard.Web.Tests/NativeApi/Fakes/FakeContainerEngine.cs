using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Tests.NativeApi.Fakes;

/// <summary>
/// An in-memory engine with the real one's contract: typed errors, status rules, waiters registered before the
/// first yield, logs that follow until the "process" ends. Containers run a <see cref="FakeScript"/>.
/// </summary>
public sealed class FakeContainerEngine : IContainerEngine, IImageUsage
{
    private readonly object _gate = new();
    private readonly List<FakeContainer> _containers = [];
    private readonly FakeImageService _images;
    private int _nextPid = 4000;

    public FakeContainerEngine(FakeImageService images)
    {
        _images = images;
        images.Usage = this;
    }

    /// <summary>Every create request as it arrived, for asserting the wire mapping.</summary>
    public List<CreateContainerRequest> CreateRequests { get; } = [];

    public string? ContainerUsing(string imageId) { lock (_gate) return _containers.FirstOrDefault(c => c.Record.ImageId == imageId)?.Record.Id; }

    public IReadOnlyList<ContainerRecord> List() { lock (_gate) return _containers.Select(c => c.Record).ToArray(); }

    private readonly ContainerChangeFeed _feed = new();

    /// <summary>A snapshot and the feed; this fake publishes limit updates only.</summary>
    public ContainerWatch Watch(int capacity = 4096) => _feed.Watch(List, capacity);

    public Task<ContainerRecord> UpdateLimitsAsync(string reference, LimitsUpdate update, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var c = Find(reference);
            var limits = ContainerRequestValidator.ValidateLimits(update.MergeInto(c.Record.Config), new HostLimits(4, 8L << 30));
            c.Record = c.Record with { Config = c.Record.Config with { Resources = limits } };
            _feed.Publish(ContainerChangeKind.Updated, c.Record);
            return Task.FromResult(c.Record);
        }
    }

    public ContainerRecord Get(string reference) { lock (_gate) return Find(reference).Record; }

    public Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            CreateRequests.Add(request);
            var config = Web.Tests.Fakes.FakeNamespaces.Apply(FakeValidator.Validate(request), request,
                r => _containers.FirstOrDefault(c => c.Record.Id == r || c.Record.Name == r.TrimStart('/') || c.Record.Id.StartsWith(r, StringComparison.Ordinal))?.Record.Id);
            var image = _images.Resolve(request.Image);
            var name = request.Name ?? "fake_" + (_containers.Count + 1).ToString(CultureInfo.InvariantCulture);
            if (_containers.FirstOrDefault(c => c.Record.Name == name) is { } existing)
                throw new NameConflictException(name, existing.Record.Id);
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var record = new ContainerRecord { Id = id, Name = name, ImageId = image.Id, Config = config, Created = DateTimeOffset.UtcNow };
            _containers.Add(new FakeContainer(record, image.Config.Cmd ?? []));
            return Task.FromResult(record);
        }
    }

    public Task<bool> StartAsync(string reference, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var c = Find(reference);
            if (c.Record.State.Status == ContainerStatus.Running) return Task.FromResult(false);
            if (!c.Record.State.Status.CanStart()) throw new InvalidContainerStateException(c.Record.Id, c.Record.State.Status.DockerName(), "start");
            var steps = FakeScript.Steps(c.Record.Config.Cmd ?? c.ImageCmd);
            if (steps.Contains("fail-start"))
                throw new OciRuntimeException("runc create", 1, "exec: \"fail-start\": executable file not found in $PATH");
            c.Run = new CancellationTokenSource();
            c.Update(s => s with { Status = ContainerStatus.Running, Pid = ++_nextPid, StartedAt = DateTimeOffset.UtcNow, ExitCode = null, FinishedAt = null });
            var token = c.Run.Token;
            _ = Task.Run(() => RunAsync(c, steps, token));
            return Task.FromResult(true);
        }
    }

    private async Task RunAsync(FakeContainer c, IReadOnlyList<string> steps, CancellationToken token)
    {
        var exitCode = 0;
        try
        {
            await Task.Delay(30, token); // let followers attach before the first line, like a real process start
            foreach (var step in steps)
            {
                if (step.StartsWith("echo ", StringComparison.Ordinal))
                {
                    var toStderr = step.EndsWith(">&2", StringComparison.Ordinal);
                    var text = (toStderr ? step[5..^3] : step[5..]).Trim();
                    lock (_gate) c.Append(new LogEntry(DateTimeOffset.UtcNow, toStderr ? LogStream.Stderr : LogStream.Stdout, Encoding.UTF8.GetBytes(text + "\n")));
                    await Task.Delay(5, token);
                }
                else if (step.StartsWith("sleep ", StringComparison.Ordinal))
                    await Task.Delay(step[6..] == "inf" ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(double.Parse(step[6..], CultureInfo.InvariantCulture)), token);
                else if (step.StartsWith("exit ", StringComparison.Ordinal))
                {
                    exitCode = int.Parse(step[5..], CultureInfo.InvariantCulture);
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            exitCode = c.KilledWith;
        }
        Exit(c, exitCode);
    }

    private void Exit(FakeContainer c, int exitCode)
    {
        lock (_gate)
        {
            c.Update(s => s with { Status = ContainerStatus.Exited, Pid = null, ExitCode = exitCode, FinishedAt = DateTimeOffset.UtcNow });
            c.CompleteExit(new WaitResult(exitCode, null));
            if (c.Record.Config.AutoRemove) RemoveLocked(c);
        }
    }

    public async Task<bool> StopAsync(string reference, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        Task exited;
        lock (_gate)
        {
            var c = Find(reference);
            if (!c.Record.State.Status.CanStop()) return false;
            exited = c.NextExit().Task;
            c.KilledWith = 143;
            c.Run?.Cancel();
        }
        await exited.WaitAsync(cancellationToken);
        return true;
    }

    public Task KillAsync(string reference, string? signal, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var c = Find(reference);
            if (!c.Record.State.Status.CanKill()) throw new InvalidContainerStateException(c.Record.Id, c.Record.State.Status.DockerName(), "kill");
            c.KilledWith = 128 + FakeValidator.SignalNumber(signal ?? "KILL");
            c.Run?.Cancel();
        }
        return Task.CompletedTask;
    }

    public async Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        await StopAsync(reference, timeoutSeconds, null, cancellationToken);
        await StartAsync(reference, cancellationToken);
    }

    public Task PauseAsync(string reference, CancellationToken cancellationToken) =>
        Transition(reference, s => s.CanPause(), ContainerStatus.Paused, "pause");

    public Task UnpauseAsync(string reference, CancellationToken cancellationToken) =>
        Transition(reference, s => s.CanUnpause(), ContainerStatus.Running, "unpause");

    private Task Transition(string reference, Func<ContainerStatus, bool> allowed, ContainerStatus to, string verb)
    {
        lock (_gate)
        {
            var c = Find(reference);
            if (!allowed(c.Record.State.Status)) throw new InvalidContainerStateException(c.Record.Id, c.Record.State.Status.DockerName(), verb);
            c.Update(s => s with { Status = to });
        }
        return Task.CompletedTask;
    }

    public async Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        Task? exited = null;
        FakeContainer c;
        lock (_gate)
        {
            c = Find(reference);
            if (!c.Record.State.Status.CanRemoveWithoutForce())
            {
                if (!force) throw new RunningRemovalConflict(c.Record.ShortId);
                exited = c.NextExit().Task;
                c.KilledWith = 137;
                c.Run?.Cancel();
            }
        }
        if (exited is not null) await exited.WaitAsync(cancellationToken);
        lock (_gate) if (_containers.Contains(c)) RemoveLocked(c);
    }

    private void RemoveLocked(FakeContainer c)
    {
        _containers.Remove(c);
        c.CompleteRemoved();
    }

    public Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            FakeContainer c;
            try { c = Find(reference); }
            catch (Exception ex) { return Task.FromException<WaitResult>(ex); }
            var alive = c.Record.State.Status.IsAlive() || c.Record.State.Status == ContainerStatus.Restarting;
            return condition switch
            {
                WaitCondition.NotRunning when !alive => Task.FromResult(new WaitResult(c.Record.State.ExitCode ?? 0, null)),
                WaitCondition.Removed => c.Removed.Task.WaitAsync(cancellationToken),
                _ => c.NextExit().Task.WaitAsync(cancellationToken),
            };
        }
    }

    public async IAsyncEnumerable<LogEntry> ReadLogsAsync(string reference, LogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FakeContainer c;
        int index;
        lock (_gate)
        {
            c = Find(reference);
            index = options.Tail is { } tail ? Math.Max(0, c.Logs.Count - tail) : 0;
        }
        while (true)
        {
            LogEntry[] batch;
            bool alive;
            Task changed;
            lock (_gate)
            {
                batch = c.Logs.Skip(index).ToArray();
                index += batch.Length;
                alive = c.Record.State.Status.IsAlive();
                changed = c.Changed.Task;
            }
            foreach (var entry in batch)
            {
                if (options.Since is { } since && entry.Time < since) continue;
                if (entry.Stream == LogStream.Stdout ? !options.Stdout : !options.Stderr) continue;
                yield return entry;
            }
            if (!options.Follow || (!alive && batch.Length == 0)) yield break;
            if (!alive) continue; // drain what arrived while we were yielding, then end
            await changed.WaitAsync(cancellationToken);
        }
    }

    private FakeContainer Find(string reference)
    {
        var name = reference.TrimStart('/');
        var byName = _containers.FirstOrDefault(c => c.Record.Name == name || c.Record.Id == reference);
        if (byName is not null) return byName;
        var byPrefix = reference.Length >= 1 ? _containers.Where(c => c.Record.Id.StartsWith(reference, StringComparison.Ordinal)).ToArray() : [];
        return byPrefix.Length switch
        {
            1 => byPrefix[0],
            > 1 => throw new AmbiguousReferenceException(reference),
            _ => throw new ContainerNotFoundException(reference),
        };
    }
}

/// <summary>Docker's wording for rm without -f on a running container.</summary>
public sealed class RunningRemovalConflict(string id)
    : ConflictException($"cannot remove container \"{id}\": container is running: stop the container before removing or force remove");
