using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Problems;

namespace Dashboard.Cli.Client;

/// <summary>Reads an error body into a problem: RFC 7807 from the native API, a Docker-style {"message": ...}
/// from a proxy or middleware, or plain text; there is always something a person can read.</summary>
public static class ProblemReader
{
    public static ProblemDto Read(string body, int status, string? reason)
    {
        var fallback = $"{status} {reason}".Trim();
        if (string.IsNullOrWhiteSpace(body)) return new ProblemDto { Status = status, Title = fallback };
        try
        {
            var problem = JsonSerializer.Deserialize<ProblemDto>(body, ContractJson.Options);
            if (problem is { Title: not null } or { Detail: not null }) return problem;
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
                return new ProblemDto { Status = status, Detail = message.GetString() };
        }
        catch (JsonException)
        {
            return new ProblemDto { Status = status, Title = fallback, Detail = body.Trim() };
        }
        return new ProblemDto { Status = status, Title = fallback };
    }
}
