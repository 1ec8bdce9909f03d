using System.Collections.Concurrent;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Containers.Fakes;

/// <summary>An in-memory OCI runtime: "processes" run until killed or told to exit, and report exits to the
/// engine the way the exit watcher would.</summary>
internal sealed class FakeRuntime : IContainerRuntime
{
    private int _nextPid = 1000;
    public ConcurrentDictionary<string, RuntimeState> States { get; } = new();
    public ConcurrentDictionary<string, int> ExitCodes { get; } = new();
    public ContainerEngine? Engine { get; set; }
    public int Creates;
    public string? FailCreateWith { get; set; }

    public string Name => "fake";
    public string Path => "/fake/runc";
    public string Version => "1.0";
    public string ConmonPath => "/fake/conmon";
    public string ConmonVersion => "1.0";

    public Task<RuntimeCreateResult> CreateAsync(RuntimeCreateRequest request, CancellationToken cancellationToken)
    {
        if (FailCreateWith is { } message) throw new OciRuntimeException("create", 1, message);
        Interlocked.Increment(ref Creates);
        var pid = Interlocked.Increment(ref _nextPid);
        States[request.Id] = new RuntimeState(request.Id, "created", pid, request.BundlePath);
        ExitCodes.TryRemove(request.Id, out _);
        return Task.FromResult(new RuntimeCreateResult(pid, pid + 10_000));
    }

    public Task StartAsync(string id, CancellationToken cancellationToken)
    {
        States[id] = States[id] with { Status = "running" };
        return Task.CompletedTask;
    }

    /// <summary>Makes the container's process exit by itself with this code.</summary>
    public void Exit(string id, int code)
    {
        ExitSilently(id, code);
        _ = Task.Run(() => Engine!.OnContainerExitedAsync(id, code));
    }

    /// <summary>The process exits and conmon writes its exit file, but the exit watcher has not reported it yet.</summary>
    public void ExitSilently(string id, int code)
    {
        States[id] = States[id] with { Status = "stopped" };
        ExitCodes[id] = code;
    }

    /// <summary>Called at the start of a kill, before anything changes; a test holds the kill here.</summary>
    public Func<Task>? BeforeKill { get; set; }

    public async Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken)
    {
        if (BeforeKill is { } hook) await hook();
        if (!States.TryGetValue(id, out var state) || state.Status == "stopped")
            throw new OciRuntimeException("kill", 1, "container not running");
        if (signal is 9 or 15) Exit(id, 128 + signal);
    }

    public Task DeleteAsync(string id, bool force, CancellationToken cancellationToken)
    {
        States.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    /// <summary>Set: the process is dying when a pause comes (SIGKILLed just before), and exits with this code.</summary>
    public int? DyingOnFreeze { get; set; }

    // Like runc: the freezer of a container whose process is gone answers "container not running"; pausing a paused
    // container is "not running" too, and resuming one that is not paused is "container not paused".
    public Task PauseAsync(string id, CancellationToken cancellationToken)
    {
        var state = Alive(id, "pause");
        if (DyingOnFreeze is { } exitCode)
        {
            // runc on cgroup v1: the freezer cannot settle while a task exits; the exit file comes a moment later.
            _ = Task.Delay(50).ContinueWith(_ => ExitSilently(id, exitCode), TaskScheduler.Default);
            throw new OciRuntimeException("pause", 1, "unable to freeze");
        }
        if (state.Status == "paused") throw new OciRuntimeException("pause", 1, "container not running");
        States[id] = state with { Status = "paused" };
        return Task.CompletedTask;
    }

    public Task ResumeAsync(string id, CancellationToken cancellationToken)
    {
        var state = Alive(id, "resume");
        if (state.Status != "paused") throw new OciRuntimeException("resume", 1, "container not paused");
        States[id] = state with { Status = "running" };
        return Task.CompletedTask;
    }

    private RuntimeState Alive(string id, string verb) =>
        !States.TryGetValue(id, out var state) ? throw new OciRuntimeException(verb, 1, "container does not exist")
        : state.Status == "stopped" ? throw new OciRuntimeException(verb, 1, "container not running")
        : state;

    public Task<RuntimeState?> StateAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(States.TryGetValue(id, out var state) ? state : null);

    public string ExitFilePath(string id) => $"/nonexistent/exits/{id}";

    public int? ReadExitCode(string id) => ExitCodes.TryGetValue(id, out var code) ? code : null;

    /// <summary>Like conmon's files: the exit file goes with the pid files.</summary>
    public void CleanupFiles(string id) => ExitCodes.TryRemove(id, out _);

    public ConcurrentDictionary<string, ResourceLimits> Updates { get; } = new();

    public Task UpdateAsync(string id, ResourceLimits limits, CancellationToken cancellationToken)
    {
        Alive(id, "update");
        Updates[id] = limits;
        return Task.CompletedTask;
    }
}
