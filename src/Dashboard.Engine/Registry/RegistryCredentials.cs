namespace Dashboard.Engine.Registry;

/// <summary>Credentials for one request (from X-Registry-Auth or a login), never persisted by the daemon.</summary>
public sealed record RegistryCredentials(string? Username, string? Password, string? IdentityToken = null)
{
    public bool HasPassword => !string.IsNullOrEmpty(Username) && Password is not null;

    // Keeps the password out of logs and exception messages that print records.
    public override string ToString() => $"RegistryCredentials {{ Username = {Username} }}";
}
