using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec;

/// <summary>What an exec changes in the container's process: the rest (capabilities, rlimits, no_new_privileges,
/// AppArmor profile) is the container's own, and runc applies the container's seccomp filter to every exec.</summary>
public sealed record ExecProcessOverrides
{
    public required IReadOnlyList<string> Args { get; init; }
    /// <summary>KEY=VALUE entries over the container's environment (a bare KEY removes it).</summary>
    public IReadOnlyList<string> Env { get; init; } = [];
    /// <summary>An absolute path; null keeps the container's working directory.</summary>
    public string? Cwd { get; init; }
    /// <summary>Resolved from the container's /etc/passwd; null keeps the container's user.</summary>
    public ResolvedUser? User { get; init; }
    public bool Terminal { get; init; }
    public TerminalSize? ConsoleSize { get; init; }
    /// <summary>--privileged: every capability the host grants (Docker's exec --privileged); null keeps the container's.</summary>
    public IReadOnlyList<string>? AllCapabilities { get; init; }
}

/// <summary>
/// The process spec of an exec (runc exec --process): the container's own "process" from its config.json, as podman
/// derives it (libpod's exec session spec), with the exec's command, environment, user, working directory and
/// terminal. A pure function of its inputs.
/// </summary>
public static class ExecProcessSpec
{
    public static string Build(string containerConfigJson, ExecProcessOverrides overrides)
    {
        var root = JsonNode.Parse(containerConfigJson) as JsonObject
            ?? throw new JsonException("the container's config.json is not an object");
        var process = root["process"]?.DeepClone() as JsonObject
            ?? throw new JsonException("the container's config.json has no process");

        process["terminal"] = overrides.Terminal;
        process.Remove("consoleSize");
        if (overrides.Terminal && overrides.ConsoleSize is { } size)
            process["consoleSize"] = new JsonObject { ["height"] = (int)size.Height, ["width"] = (int)size.Width };
        process["args"] = new JsonArray(overrides.Args.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());

        var env = (process["env"] as JsonArray)?.Select(e => e?.GetValue<string>() ?? "").ToList() ?? [];
        env = EnvEntries.Merge(env, overrides.Env);
        // Docker's daemon environment for a terminal, unless the container or the exec says otherwise.
        if (overrides.Terminal && !env.Any(e => EnvEntries.Key(e) == "TERM")) env.Add("TERM=xterm");
        process["env"] = new JsonArray(env.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray());

        if (overrides.Cwd is not null) process["cwd"] = overrides.Cwd;

        var capabilities = process["capabilities"] as JsonObject ?? [];
        if (overrides.AllCapabilities is { } all)
        {
            foreach (var set in new[] { "bounding", "effective", "permitted" })
                capabilities[set] = new JsonArray(all.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }
        if (overrides.User is { } user)
        {
            var userNode = new JsonObject { ["uid"] = user.Uid, ["gid"] = user.Gid };
            if (user.AdditionalGids.Count > 0)
                userNode["additionalGids"] = new JsonArray(user.AdditionalGids.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray());
            process["user"] = userNode;
        }
        // As for the container's own process: a non-root process gets only the bounding set (execve would clear the
        // others), root gets the bounding set as effective and permitted.
        var uid = process["user"]?["uid"]?.GetValue<uint>() ?? 0;
        if (uid != 0)
        {
            capabilities.Remove("effective");
            capabilities.Remove("permitted");
        }
        else if (capabilities["bounding"] is JsonArray bounding)
        {
            capabilities["effective"] = bounding.DeepClone();
            capabilities["permitted"] = bounding.DeepClone();
        }
        capabilities.Remove("inheritable");
        capabilities.Remove("ambient");
        process["capabilities"] = capabilities;
        // runc exec ignores it; the container's score already applies to everything in it.
        process.Remove("oomScoreAdj");
        return process.ToJsonString();
    }
}
