using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Dashboard.Web.Access;

/// <summary>
/// One-time setup tokens for creating the first admin, kept in memory only (a restart invalidates them, and the
/// daemon prints a fresh one). Each expires after <see cref="AccessOptions.SetupLinkLifetime"/>; a successful setup
/// consumes all of them.
/// </summary>
public sealed class SetupLinks(AccessOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new();

    public (string Token, DateTimeOffset Expires) Issue()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var expires = time.GetUtcNow() + options.SetupLinkLifetime;
        _tokens[token] = expires;
        return (token, expires);
    }

    public bool IsValid(string? token) =>
        token is not null && _tokens.TryGetValue(token, out var expires) && expires > time.GetUtcNow();

    /// <summary>Invalidates every setup token (called once the first admin exists).</summary>
    public void ConsumeAll() => _tokens.Clear();
}
