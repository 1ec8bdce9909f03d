using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Engine.Spec.Oci;

namespace Dashboard.Engine.Spec;

/// <summary>
/// Writes a container's OCI runtime config (runtime-spec 1.0.2, as runc 1.1 and crun read it) from an
/// <see cref="OciSpecInput"/>. Pure and deterministic: the same input always gives byte-identical JSON.
/// Hardened by default like Docker: its 14 capabilities, no_new_privileges, masked and read-only /proc and
/// /sys paths, a deny-by-default device cgroup and seccomp filter, rlimits within the host's hard limits; the
/// user's security options (--privileged, --cap-add, --security-opt, ...) are applied as moby applies them.
/// </summary>
public static class OciSpecGenerator
{
    public const string OciVersion = "1.0.2";

    private static readonly JsonSerializerOptions s_json = new()
    {
        TypeInfoResolver = OciJsonContext.Default,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        // Plain ASCII output for paths and env values with '+', '<' or quotes; the file is not embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <exception cref="ValidationException">No command to run ("cmd"), or a user name that was not resolved ("user").</exception>
    /// <exception cref="ArgumentException">A container:ID namespace mode without its target pid in <see cref="OciSpecInput.Joins"/>.</exception>
    public static OciSpec Generate(OciSpecInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Without a UTS namespace of its own (--uts host, --network host) the container cannot have a hostname.
        var hostname = ContainerHostname.For(input.Config, input.ContainerId, input.Joins.NetworkTargetHostname);
        var capabilities = CapabilitySet.For(input.Config.Security, input.HostCapabilities);
        var mounts = MountsBuilder.Build(input, out var rootfsPropagation);
        return new OciSpec(
            OciVersion,
            ProcessBuilder.Build(input, hostname, capabilities),
            new OciRoot(input.RootfsPath, Readonly: input.Config.Security.ReadonlyRootfs),
            hostname,
            mounts,
            LinuxBuilder.Build(input, capabilities, rootfsPropagation));
    }

    /// <summary>config.json text: indented, properties in a fixed order, ending with a newline.</summary>
    public static string GenerateJson(OciSpecInput input) => Serialize(Generate(input));

    public static string Serialize(OciSpec spec) => JsonSerializer.Serialize(spec, s_json) + "\n";
}
