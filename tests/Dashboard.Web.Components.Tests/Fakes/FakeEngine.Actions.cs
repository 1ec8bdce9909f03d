using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Components.Tests.Fakes;

/// <summary>Actions are recorded, not carried out: the pages' job ends at calling the engine.</summary>
internal sealed partial class FakeEngine
{
    /// <summary>Every create request that got past <see cref="CreateFailure"/>.</summary>
    public List<CreateContainerRequest> Created { get; } = [];
    public Exception? CreateFailure { get; set; }
    public Exception? StartFailure { get; set; }
    public Func<LimitsUpdate, ContainerRecord>? OnUpdateLimits { get; set; }

    /// <summary>The names of the containers started, in order.</summary>
    public IReadOnlyList<string> Started => Calls.Where(c => c.StartsWith("start ", StringComparison.Ordinal)).ToList();

    /// <summary>Validated by the real validator, then listed like any other container.</summary>
    public Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken)
    {
        if (CreateFailure is { } failure) throw failure;
        Created.Add(request);
        var config = ContainerRequestValidator.Validate(request, new HostLimits(2, 1L << 30));
        var record = Record(request.Name ?? "generated", ContainerStatus.Created, imageId: "sha256:" + new string('b', 64)) with { Config = config };
        lock (_containers) _containers.Add(record);
        return Task.FromResult(record);
    }

    public async Task<bool> StartAsync(string reference, CancellationToken cancellationToken)
    {
        if (StartFailure is { } failure) throw failure;
        await Track("start", reference);
        return true;
    }

    public async Task<bool> StopAsync(string reference, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        await Track("stop", reference);
        return true;
    }

    public Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken) => Track("restart", reference);
    public Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken) => Track("remove", reference);
    public Task KillAsync(string reference, string? signal, CancellationToken cancellationToken) => Track("kill", reference);
    public Task PauseAsync(string reference, CancellationToken cancellationToken) => Track("pause", reference);
    public Task UnpauseAsync(string reference, CancellationToken cancellationToken) => Track("unpause", reference);

    public async Task<ContainerRecord> UpdateLimitsAsync(string reference, LimitsUpdate update, CancellationToken cancellationToken)
    {
        await Track("update", reference);
        return OnUpdateLimits?.Invoke(update) ?? Get(reference);
    }

    /// <summary>Nothing in the pages waits for an exit.</summary>
    public Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>Thrown by the next network connect instead of connecting (the engine's refusals).</summary>
    public Exception? ConnectRefusal { get; set; }

    public async Task<ContainerRecord> ConnectNetworkAsync(string containerReference, string networkReference, IReadOnlyList<string>? aliases,
        string? ipv4Address, CancellationToken cancellationToken)
    {
        if (ConnectRefusal is { } refusal) throw refusal;
        await Track("connect", containerReference);
        return Get(containerReference);
    }

    public async Task<ContainerRecord> DisconnectNetworkAsync(string containerReference, string networkReference, bool force,
        CancellationToken cancellationToken)
    {
        await Track("disconnect", containerReference);
        return Get(containerReference);
    }

    private Task Track(string verb, string reference)
    {
        Calls.Enqueue($"{verb} {Get(reference).Name}");
        return Task.CompletedTask;
    }
}
