using Dashboard.Engine.Registry;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>A registry client that has no registry: every pull is "manifest unknown" (what a registry without the
/// image answers) and every login is refused. Records what it was asked.</summary>
public sealed class FakeImagePuller : IImagePuller
{
    public List<string> Pulled { get; } = [];

    public Task<PullResult> PullAsync(string reference, string? platform, RegistryCredentials? credentials,
        Action<PullProgress> progress, CancellationToken cancellationToken)
    {
        lock (Pulled) Pulled.Add(reference);
        throw new RegistryNotFoundException($"manifest for {reference} not found: manifest unknown: manifest unknown");
    }

    public Task LoginAsync(string serverAddress, RegistryCredentials credentials, CancellationToken cancellationToken) =>
        throw new RegistryUnauthorizedException($"login attempt to {serverAddress} failed with status: 401 Unauthorized");
}
