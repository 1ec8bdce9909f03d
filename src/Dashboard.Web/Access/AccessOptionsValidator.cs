using Microsoft.Extensions.Options;

namespace Dashboard.Web.Access;

/// <summary>The rules of the "Access" section; each failure names the key, the value and what is allowed.</summary>
public sealed class AccessOptionsValidator : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        var errors = new List<string>();
        void Positive(string key, TimeSpan value, string example)
        {
            if (value <= TimeSpan.Zero)
                errors.Add($"Access:{key} is {value}; it must be a positive time span (hh:mm:ss), such as \"{example}\".");
        }
        void AtLeastOne(string key, int value)
        {
            if (value < 1) errors.Add($"Access:{key} is {value}; it must be 1 or more.");
        }

        Positive(nameof(options.IdleTimeout), options.IdleTimeout, "00:30:00");
        Positive(nameof(options.AbsoluteTimeout), options.AbsoluteTimeout, "12:00:00");
        Positive(nameof(options.LockoutDuration), options.LockoutDuration, "00:15:00");
        Positive(nameof(options.SetupLinkLifetime), options.SetupLinkLifetime, "01:00:00");
        Positive(nameof(options.RevalidationInterval), options.RevalidationInterval, "00:00:30");
        AtLeastOne(nameof(options.LockoutThreshold), options.LockoutThreshold);
        AtLeastOne(nameof(options.LoginAttemptsPerMinutePerIp), options.LoginAttemptsPerMinutePerIp);
        foreach (var host in options.AllowedHosts.Where(h => string.IsNullOrWhiteSpace(h) || h.Contains('/')))
            errors.Add($"Access:AllowedHosts has \"{host}\"; each entry must be a host name or address (no scheme or path), or \"*\".");
        foreach (var origin in options.AllowedOrigins.Where(o => !IsOrigin(o)))
            errors.Add($"Access:AllowedOrigins has \"{origin}\"; each entry must be an origin, scheme://host[:port] with http or https and no path, such as https://dashboard.example.com.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsOrigin(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && !text!.Trim().EndsWith('/') && uri.Query.Length == 0 && uri.Fragment.Length == 0
        && string.IsNullOrEmpty(uri.UserInfo);
}
