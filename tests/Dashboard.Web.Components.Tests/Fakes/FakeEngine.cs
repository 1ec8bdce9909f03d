using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Components.Tests.Fakes;

/// <summary>
/// The one engine the page tests render against: the containers the test gives it, a watch whose changes the test
/// writes into <see cref="Changes"/>, logs the test appends (and streams through <see cref="FollowLogs"/>), and
/// every action recorded in <see cref="Calls"/> as "verb name" rather than carried out (see FakeEngine.Actions).
/// </summary>
internal sealed partial class FakeEngine : IContainerEngine
{
    private readonly List<ContainerRecord> _containers = [];

    public FakeEngine(params ContainerRecord[] containers) => _containers.AddRange(containers);

    /// <summary>The container the detail page and the namespace samples describe: "web", id aaaa…, two restarts.</summary>
    public static ContainerRecord Web => Record("web", restarts: 2, id: new string('a', 64));

    /// <summary>A container created an hour ago and started five minutes ago; its id is the hash of its name.</summary>
    public static ContainerRecord Record(string name, ContainerStatus status = ContainerStatus.Running, string image = "busybox:latest",
        string imageId = "sha256:" + "ab", bool oom = false, int restarts = 0, string? id = null) => new()
    {
        Id = id ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))),
        Name = name,
        ImageId = imageId,
        Config = new ContainerConfig { Image = image },
        Created = DateTimeOffset.UtcNow.AddHours(-1),
        State = new ContainerState
        {
            Status = status, Pid = status.IsAlive() ? 42 : null, OomKilled = oom, RestartCount = restarts,
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        },
    };

    /// <summary>Every action as "verb name", in order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>The current watch's changes; replaced by each Watch, so a completed one can be watched again.</summary>
    public Channel<ContainerChange> Changes { get; private set; } = Channel.CreateUnbounded<ContainerChange>();
    public int WatchCount { get; private set; }

    public List<LogEntry> Logs { get; } = [];
    public Channel<LogEntry> FollowLogs { get; } = Channel.CreateUnbounded<LogEntry>();

    public void Add(string name, ContainerStatus status) { lock (_containers) _containers.Add(Record(name, status)); }

    public void Replace(params ContainerRecord[] containers)
    {
        lock (_containers)
        {
            _containers.Clear();
            _containers.AddRange(containers);
        }
    }

    public IReadOnlyList<ContainerRecord> List() { lock (_containers) return _containers.ToList(); }

    /// <summary>By full id, name or id prefix, as the real engine resolves references.</summary>
    public ContainerRecord Get(string reference) =>
        List().FirstOrDefault(c => c.Id == reference || c.Name == reference.TrimStart('/'))
        ?? List().FirstOrDefault(c => reference.Length > 0 && c.Id.StartsWith(reference, StringComparison.Ordinal))
        ?? throw new ContainerNotFoundException(reference);

    public ContainerWatch Watch(int capacity = 4096)
    {
        WatchCount++;
        var channel = Changes = Channel.CreateUnbounded<ContainerChange>();
        return new ContainerWatch(List(), channel.Reader, () => channel.Writer.TryComplete());
    }

    public async IAsyncEnumerable<LogEntry> ReadLogsAsync(string reference, LogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var entry in Logs.TakeLast(options.Tail ?? int.MaxValue)) yield return entry;
        if (!options.Follow) yield break;
        await foreach (var entry in FollowLogs.Reader.ReadAllAsync(cancellationToken)) yield return entry;
    }

    public Task<IContainerAttachment> AttachAsync(string reference, AttachRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the pages do not attach");
}
