using Dashboard.Engine.Networking;
using Dashboard.Engine.Hosting;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Components.Networks;

/// <summary>The daemon's <see cref="NetworkService"/>, read when asked: the engine starts after the UI is composed, and a
/// host composed over fakes has none (then there are no networks and the reason says so).</summary>
internal sealed class EngineNetworkCatalog(IServiceProvider services) : INetworkCatalog
{
    private EngineHost? Host => services.GetService<EngineHolder>()?.Current;

    private NetworkService Service => Host?.Networks ?? throw new NetworkingUnavailableException(UnavailableReason ?? "the engine has no network backend");

    public string? UnavailableReason => Host is { Networks: not null } ? null : Host?.NetworksUnavailableReason ?? "the engine has not started";

    public IReadOnlyList<NetworkDefinition> List() => Host?.Networks?.List() ?? [];

    public IReadOnlyList<string> MembersOf(string networkId) => Host?.Networks?.MembersOf(networkId) ?? [];

    public Task<NetworkDefinition> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken) =>
        Service.CreateAsync(request, cancellationToken);

    public Task<NetworkDefinition> RemoveAsync(string reference, CancellationToken cancellationToken) =>
        Service.RemoveAsync(reference, cancellationToken);

    // The UI's prune keeps nothing back: Docker's filters (until, label) are an API option.
    public Task<IReadOnlyList<NetworkDefinition>> PruneAsync(CancellationToken cancellationToken) =>
        Service.PruneAsync(_ => false, cancellationToken);
}
