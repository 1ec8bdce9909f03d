using Dashboard.Engine.Images;

namespace Dashboard.Engine.Tests.Images;

/// <summary>Says which container uses which image, set by the test.</summary>
internal sealed class FakeImageUsage : IImageUsage
{
    public Dictionary<string, string> Users { get; } = new();

    public string? ContainerUsing(string imageId) => Users.GetValueOrDefault(imageId);
}
