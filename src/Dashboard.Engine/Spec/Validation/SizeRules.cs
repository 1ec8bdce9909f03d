using System.Globalization;
using System.Text;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>
/// The <see cref="InputLimits"/> caps, checked before any other rule. A value over its cap is reported without being
/// echoed (a 100 MB name must not come back in a 100 MB message) and is dropped from the request the other rules see,
/// so each field gets one error. Nulls inside lists and maps become "" as Go's JSON decoder makes them for Docker.
/// </summary>
internal static class SizeRules
{
    private const int EchoLength = 40;

    /// <summary>The request with every over-long value blanked (its error recorded) and nulls inside lists made "".</summary>
    public static CreateContainerRequest Validate(CreateContainerRequest request, ValidationErrors errors)
    {
        request = ShortValues(request, errors);
        var argumentsFit = Arguments(request, errors);
        return request with
        {
            Env = Env(request.Env, errors),
            Labels = Labels(request.Labels, errors),
            Binds = Binds(request.Binds, errors),
            Volumes = Binds(request.Volumes ?? [], errors),
            Cmd = argumentsFit ? request.Cmd?.Select(a => a ?? "").ToArray() : null,
            Entrypoint = argumentsFit ? request.Entrypoint?.Select(a => a ?? "").ToArray() : null,
        };
    }

    /// <summary>Only the quantities of a live limits update (docker update).</summary>
    public static CreateContainerRequest ValidateLimits(CreateContainerRequest request, ValidationErrors errors) =>
        request with
        {
            Memory = Short(request.Memory, "memory", InputLimits.MaxQuantityLength, errors),
            MemorySwap = Short(request.MemorySwap, "memory-swap", InputLimits.MaxQuantityLength, errors),
            Cpus = Short(request.Cpus, "cpus", InputLimits.MaxQuantityLength, errors),
            CpusetCpus = Short(request.CpusetCpus, "cpuset-cpus", InputLimits.MaxCpusetLength, errors),
        };

    private static CreateContainerRequest ShortValues(CreateContainerRequest r, ValidationErrors errors) =>
        ValidateLimits(r, errors) with
        {
            Name = Name(r.Name, errors),
            Hostname = Short(r.Hostname, "hostname", InputLimits.MaxHostnameInputLength, errors),
            User = Short(r.User, "user", InputLimits.MaxUserLength, errors),
            WorkingDir = Path(r.WorkingDir, "workdir", "the working directory", errors),
            RestartPolicy = Short(r.RestartPolicy, "restart", InputLimits.MaxQuantityLength, errors),
            StopSignal = Short(r.StopSignal, "stop-signal", InputLimits.MaxQuantityLength, errors),
            NetworkMode = Short(r.NetworkMode, "network", InputLimits.MaxModeLength, errors),
            PidMode = Short(r.PidMode, "pid", InputLimits.MaxModeLength, errors),
            IpcMode = Short(r.IpcMode, "ipc", InputLimits.MaxModeLength, errors),
            UtsMode = Short(r.UtsMode, "uts", InputLimits.MaxModeLength, errors),
        };

    private static string? Name(string? name, ValidationErrors errors)
    {
        if (name is null || name.TrimStart('/').Length <= InputLimits.MaxNameLength) return name;
        errors.Add("name", $"Invalid container name: it is {Count(name.Length)} characters long; at most {InputLimits.MaxNameLength} are allowed");
        return null; // the error stops the create, so no name is generated for it
    }

    private static string? Short(string? value, string field, int max, ValidationErrors errors)
    {
        if (value is null || value.Length <= max) return value;
        errors.Add(field, $"the value of --{field} is {Count(value.Length)} characters long; at most {max} are allowed");
        return null;
    }

    private static string? Path(string? path, string field, string what, ValidationErrors errors)
    {
        if (path is null || Bytes(path) <= InputLimits.MaxPathBytes) return path;
        errors.Add(field, $"{what} is {Size(Bytes(path))} long; at most {InputLimits.MaxPathBytes} bytes are allowed (PATH_MAX)");
        return null;
    }

    private static IReadOnlyList<string> Env(IReadOnlyList<string> env, ValidationErrors errors)
    {
        if (env.Count > InputLimits.MaxEnvEntries)
        {
            errors.Add("env", $"{Count(env.Count)} environment variables given; at most {InputLimits.MaxEnvEntries} are allowed");
            return [];
        }
        long total = 0;
        var failed = false;
        foreach (var entry in env)
        {
            var bytes = Bytes(entry ?? "");
            total += bytes;
            if (bytes <= InputLimits.MaxArgumentBytes) continue;
            errors.Add("env", $"the environment variable {Echo(EnvEntries.Key(entry ?? ""))} is {Size(bytes)}; at most {Size(InputLimits.MaxArgumentBytes)} is allowed per variable (the kernel's limit for one execve string)");
            failed = true;
        }
        if (!failed && total > InputLimits.MaxEnvTotalBytes)
        {
            errors.Add("env", $"the environment variables come to {Size(total)}; at most {Size(InputLimits.MaxEnvTotalBytes)} is allowed in all");
            failed = true;
        }
        return failed ? [] : env.Select(e => e ?? "").ToArray();
    }

    /// <summary>Entrypoint and Cmd, which execve receives together: one error, under "cmd" (or "entrypoint" when an
    /// entrypoint argument is at fault).</summary>
    private static bool Arguments(CreateContainerRequest request, ValidationErrors errors)
    {
        var cmd = request.Cmd ?? [];
        var entrypoint = request.Entrypoint ?? [];
        string? error = null;
        var field = "cmd";
        if (cmd.Count + entrypoint.Count > InputLimits.MaxArguments)
        {
            error = $"the command has {Count(cmd.Count + entrypoint.Count)} arguments (entrypoint and cmd together); at most {InputLimits.MaxArguments} are allowed";
        }
        else
        {
            long total = 0;
            foreach (var (list, name) in new[] { (entrypoint, "entrypoint"), (cmd, "cmd") })
            {
                for (var i = 0; i < list.Count && error is null; i++)
                {
                    var argument = list[i] ?? "";
                    var bytes = Bytes(argument);
                    total += bytes;
                    if (bytes > InputLimits.MaxArgumentBytes)
                        (error, field) = ($"{name} argument {i + 1} is {Size(bytes)}; at most {Size(InputLimits.MaxArgumentBytes)} is allowed per argument (the kernel's limit for one execve string)", name);
                    else if (argument.Contains('\0'))
                        (error, field) = ($"{name} argument {i + 1} contains a NUL character, which no program can receive", name);
                }
            }
            if (error is null && total > InputLimits.MaxArgumentsTotalBytes)
                error = $"the command's arguments come to {Size(total)} (entrypoint and cmd together); at most {Size(InputLimits.MaxArgumentsTotalBytes)} is allowed in all";
        }
        if (error is not null) errors.Add(field, error);
        return error is null;
    }

    private static IReadOnlyDictionary<string, string> Labels(IReadOnlyDictionary<string, string> labels, ValidationErrors errors)
    {
        if (labels.Count > InputLimits.MaxLabels)
        {
            errors.Add("label", $"{Count(labels.Count)} labels given; at most {InputLimits.MaxLabels} are allowed");
            return new Dictionary<string, string>();
        }
        long total = 0;
        var failed = false;
        foreach (var (key, value) in labels)
        {
            var (keyBytes, valueBytes) = (Bytes(key), Bytes(value ?? ""));
            total += keyBytes + valueBytes;
            if (keyBytes > InputLimits.MaxLabelKeyBytes)
                errors.Add("label", $"the label name {Echo(key)} is {Size(keyBytes)}; at most {Size(InputLimits.MaxLabelKeyBytes)} is allowed");
            else if (valueBytes > InputLimits.MaxLabelValueBytes)
                errors.Add("label", $"the value of label {Echo(key)} is {Size(valueBytes)}; at most {Size(InputLimits.MaxLabelValueBytes)} is allowed per label");
            else continue;
            failed = true;
        }
        if (!failed && total > InputLimits.MaxLabelsTotalBytes)
        {
            errors.Add("label", $"the labels come to {Size(total)} (names and values); at most {Size(InputLimits.MaxLabelsTotalBytes)} is allowed in all, because every event about the container carries them");
            failed = true;
        }
        return failed ? new Dictionary<string, string>() : labels.ToDictionary(p => p.Key, p => p.Value ?? "");
    }

    private static IReadOnlyList<string> Binds(IReadOnlyList<string> binds, ValidationErrors errors)
    {
        if (binds.Count > InputLimits.MaxBinds)
        {
            errors.Add("volume", $"{Count(binds.Count)} volumes given; at most {InputLimits.MaxBinds} are allowed");
            return [];
        }
        var kept = new List<string>();
        foreach (var bind in binds)
        {
            // /host/path:/container/path:ro, each path at most PATH_MAX.
            if (Bytes(bind ?? "") > 2 * InputLimits.MaxPathBytes + 4
                || (bind ?? "").Split(':').Any(part => Bytes(part) > InputLimits.MaxPathBytes))
                errors.Add("volume", $"a volume specification has a path longer than {InputLimits.MaxPathBytes} bytes (PATH_MAX)");
            else kept.Add(bind ?? "");
        }
        return kept;
    }

    private static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    private static string Size(long bytes) => bytes < 1024
        ? $"{bytes} bytes"
        : ByteSize.Format(bytes).Replace("KiB", " KiB").Replace("MiB", " MiB").Replace("GiB", " GiB");

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A key as it can be shown in a message: quoted, and cut after a few dozen characters.</summary>
    private static string Echo(string text) =>
        text.Length <= EchoLength ? $"'{text}'" : $"'{text[..EchoLength]}...' ({Count(text.Length)} characters)";
}
