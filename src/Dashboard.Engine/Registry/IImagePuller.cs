namespace Dashboard.Engine.Registry;

/// <summary>Images from registries: docker pull (and the pull docker run triggers) and docker login.</summary>
public interface IImagePuller
{
    /// <summary>Pulls <paramref name="reference"/> ("busybox", "host:5000/x:1", "x@sha256:...") for
    /// <paramref name="platform"/> (null: this host's). Progress arrives on <paramref name="progress"/> from several
    /// threads; the first report comes once the manifest is resolved, so errors before it (not found, unauthorised)
    /// can still be answered as plain HTTP errors. Cancelling leaves no layer or image behind.</summary>
    Task<PullResult> PullAsync(string reference, string? platform, RegistryCredentials? credentials,
        Action<PullProgress> progress, CancellationToken cancellationToken);

    /// <summary>Checks credentials against the registry at <paramref name="serverAddress"/> (docker login). Stores
    /// nothing. Throws <see cref="RegistryUnauthorizedException"/> when refused.</summary>
    Task LoginAsync(string serverAddress, RegistryCredentials credentials, CancellationToken cancellationToken);
}
