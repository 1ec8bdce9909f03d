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
        // Named in Docker's familiar form, as the real puller does ("docker.io/library/x:1" is "x:1").
        var familiar = Dashboard.Engine.Images.ImageReference.Parse(reference).ToString();
        lock (Pulled) Pulled.Add(familiar);
        throw new RegistryNotFoundException($"manifest for {familiar} not found: manifest unknown: manifest unknown");
    }

    public Task LoginAsync(string serverAddress, RegistryCredentials credentials, CancellationToken cancellationToken) =>
        throw new RegistryUnauthorizedException($"login attempt to {serverAddress} failed with status: 401 Unauthorized");
}
