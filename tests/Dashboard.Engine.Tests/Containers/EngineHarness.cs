using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Tests.Containers.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Tests.Containers;

/// <summary>A ContainerEngine over fakes: the lifecycle rules without root.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("engine-test-").FullName;
    public FakeRuntime Runtime { get; } = new();
    public InMemoryContainerStore Store { get; }
    public InMemoryEventStore Events { get; } = new();
    public FakeOomSource Oom { get; } = new();
    public ContainerEngine Engine { get; private set; } = null!;

    public EngineHarness(InMemoryContainerStore? store = null)
    {
        Store = store ?? new InMemoryContainerStore();
        Build();
    }

    /// <summary>A fresh engine over the same store and runtime, as after a daemon restart.</summary>
    public ContainerEngine Build()
    {
        var options = new EngineOptions { DataRoot = Root, RunRoot = Path.Combine(Root, "run"), DefaultStopTimeoutSeconds = 2 };
        Engine = new ContainerEngine(options, new ContainerTable(), new FakeImageService(), new FakeSnapshotter(Path.Combine(Root, "containers")),
            Runtime, Store, new EventHub(Events, NullLogger<EventHub>.Instance), Oom,
            new HostInfo(2, 8L << 30, "6.1", "Test", "host"), NullLogger<ContainerEngine>.Instance);
        Runtime.Engine = Engine;
        return Engine;
    }

    public IEnumerable<string> Actions(string id) => Events.Events.Where(e => e.ActorId == id).Select(e => e.Action);

    public async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = read();
            if (until(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        Directory.Delete(Root, true);
    }
}
