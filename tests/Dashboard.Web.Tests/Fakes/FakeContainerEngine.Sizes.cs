using System.Collections.Concurrent;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.Tests.Fakes;

public sealed partial class FakeContainerEngine
{
    /// <summary>What each container "wrote" (by id), for the sizes the API reports; 0 when not set.</summary>
    public ConcurrentDictionary<string, long> WrittenBytes { get; } = new();

    /// <summary>The image part of SizeRootFs.</summary>
    public long ImageBytes { get; set; } = 1_000_000;

    public ContainerSize SizeOf(string reference)
    {
        var written = WrittenBytes.GetValueOrDefault(Get(reference).Id);
        return new ContainerSize(written, written + ImageBytes);
    }
}
