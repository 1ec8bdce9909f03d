using System.Text.Json.Serialization;

namespace Dashboard.Web.DockerApi.Models;

/// <summary>POST /containers/{id}/exec (moby's ExecConfig).</summary>
public sealed class ExecCreateBody
{
    public bool AttachStdin { get; set; }
    public bool AttachStdout { get; set; }
    public bool AttachStderr { get; set; }
    public List<int>? ConsoleSize { get; set; }
    public string? DetachKeys { get; set; }
    public bool Tty { get; set; }
    public List<string>? Env { get; set; }
    public List<string>? Cmd { get; set; }
    public bool Privileged { get; set; }
    public string? User { get; set; }
    public string? WorkingDir { get; set; }
}

/// <summary>POST /exec/{id}/start (moby's ExecStartCheck).</summary>
public sealed class ExecStartBody
{
    public bool Detach { get; set; }
    public bool Tty { get; set; }
    public List<int>? ConsoleSize { get; set; }
}

public sealed record ExecCreateResponse(string Id);

public sealed record ExecProcessConfigModel(
    [property: JsonPropertyName("tty")] bool Tty,
    [property: JsonPropertyName("entrypoint")] string Entrypoint,
    [property: JsonPropertyName("arguments")] IReadOnlyList<string> Arguments,
    [property: JsonPropertyName("privileged")] bool Privileged,
    [property: JsonPropertyName("user")] string? User);

/// <summary>GET /exec/{id}/json (moby's ExecInspect); property names are moby's, including the lower-case ones of
/// ProcessConfig.</summary>
public sealed record ExecInspectModel(
    string ID,
    bool Running,
    int? ExitCode,
    ExecProcessConfigModel ProcessConfig,
    bool OpenStdin,
    bool OpenStderr,
    bool OpenStdout,
    bool CanRemove,
    string ContainerID,
    string DetachKeys,
    int Pid);
