using System.Text;
using System.Text.Json;
using Dashboard.Engine.Registry;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// The credentials the docker CLI sends with a pull (X-Registry-Auth: base64url JSON) or a login (the JSON body):
/// username and password, or "auth" (base64 of user:password), or an identity token. Used for that request only.
/// </summary>
internal static class RegistryAuthHeader
{
    public const string Name = "X-Registry-Auth";

    /// <summary>Null when the header is absent or carries no credentials (anonymous pull).</summary>
    public static RegistryCredentials? Read(HttpRequest request)
    {
        var header = request.Headers[Name].ToString();
        if (string.IsNullOrWhiteSpace(header)) return null;
        byte[] json;
        try
        {
            var base64 = header.Trim().Replace('-', '+').Replace('_', '/');
            json = Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
        }
        catch (FormatException)
        {
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"{Name} is not base64url-encoded JSON");
        }
        return Parse(json, Name).Credentials;
    }

    public static (RegistryCredentials? Credentials, string? ServerAddress) Parse(ReadOnlySpan<byte> json, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            string? Get(string name) => root.EnumerateObject()
                .Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String)
                .Select(p => p.Value.GetString()).FirstOrDefault();
            var username = Get("username");
            var password = Get("password");
            if (string.IsNullOrEmpty(username) && Get("auth") is { Length: > 0 } auth)
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
                var colon = pair.IndexOf(':');
                if (colon > 0) (username, password) = (pair[..colon], pair[(colon + 1)..]);
            }
            var token = Get("identitytoken");
            var credentials = string.IsNullOrEmpty(username) && string.IsNullOrEmpty(token)
                ? null
                : new RegistryCredentials(username, password, string.IsNullOrEmpty(token) ? null : token);
            return (credentials, Get("serveraddress"));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"{source} is not valid registry credentials JSON: {e.Message}");
        }
    }
}
