using System.Net;
using Dashboard.Contracts.Problems;

namespace Dashboard.Cli.Client;

/// <summary>The daemon answered with an error; <see cref="Problem"/> is its RFC 7807 body (or a stand-in).</summary>
public sealed class ApiException(HttpStatusCode status, ProblemDto problem)
    : Exception(problem.Detail ?? problem.Title ?? $"HTTP {(int)status}")
{
    public HttpStatusCode Status { get; } = status;
    public ProblemDto Problem { get; } = problem;
}

/// <summary>Nothing listens where we looked (no socket file, connection refused).</summary>
public sealed class DaemonUnavailableException(DaemonAddress address, Exception inner)
    : Exception($"Cannot connect to the Dashboard daemon at {address.Display}: is it running?", inner);
