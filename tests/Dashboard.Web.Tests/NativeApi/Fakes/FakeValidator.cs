using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Engine;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Tests.NativeApi.Fakes;

/// <summary>A few of the real validator's rules, enough to see that field errors travel to the client intact.
/// Every error found is reported at once, as the real one does.</summary>
public static partial class FakeValidator
{
    public static ContainerConfig Validate(CreateContainerRequest r)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(r.Image)) errors.Add(new("image", "an image is required"));
        if (r.Name is { } name && !NamePattern().IsMatch(name))
            errors.Add(new("name", $"invalid container name \"{name}\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"));
        long? memory = null;
        if (r.Memory is { } m)
        {
            memory = ParseSize(m);
            if (memory is null) errors.Add(new("memory", $"invalid size \"{m}\": use a number with an optional unit b, k, m or g"));
            else if (memory < 6 * 1024 * 1024) errors.Add(new("memory", "minimum memory limit allowed is 6MB"));
        }
        long? nano = null;
        if (r.Cpus is { } cpus)
        {
            if (!decimal.TryParse(cpus, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || value > Environment.ProcessorCount)
                errors.Add(new("cpus", $"invalid --cpus \"{cpus}\": range of CPUs is from 0.01 to {Environment.ProcessorCount}"));
            else nano = (long)(value * 1_000_000_000m);
        }
        var restart = RestartPolicy.No;
        if (r.RestartPolicy is { } rp)
        {
            restart = rp switch
            {
                "no" => RestartPolicy.No,
                "always" => new RestartPolicy(RestartPolicyKind.Always),
                "unless-stopped" => new RestartPolicy(RestartPolicyKind.UnlessStopped),
                _ when rp.StartsWith("on-failure", StringComparison.Ordinal) => new RestartPolicy(RestartPolicyKind.OnFailure, rp.Length > 11 ? int.Parse(rp[11..], CultureInfo.InvariantCulture) : 0),
                _ => null!,
            };
            if (restart is null) errors.Add(new("restart", $"invalid restart policy \"{rp}\": use no, on-failure[:N], always or unless-stopped"));
        }
        var binds = new List<BindMount>();
        foreach (var bind in r.Binds)
        {
            var parts = bind.Split(':');
            if (parts.Length < 2 || !parts[0].StartsWith('/')) errors.Add(new("volume", $"invalid bind \"{bind}\": the host path must be absolute"));
            else binds.Add(new BindMount(parts[0], parts[1], parts.Length > 2 && parts[2] == "ro"));
        }
        if (errors.Count > 0) throw new ValidationException(errors);
        return new ContainerConfig
        {
            Image = r.Image,
            Cmd = r.Cmd,
            Entrypoint = r.Entrypoint,
            Env = r.Env,
            WorkingDir = r.WorkingDir,
            User = r.User,
            Hostname = r.Hostname,
            Labels = r.Labels,
            Resources = new ResourceLimits { MemoryBytes = memory, NanoCpus = nano, CpuQuota = nano / 10_000, CpuPeriod = nano is null ? null : 100_000, PidsLimit = r.PidsLimit, CpuShares = r.CpuShares, CpusetCpus = r.CpusetCpus },
            RestartPolicy = restart ?? RestartPolicy.No,
            NetworkMode = r.NetworkMode == "host" ? NetworkMode.Host : NetworkMode.None,
            Binds = binds,
            AutoRemove = r.AutoRemove,
        };
    }

    public static int SignalNumber(string signal) => signal.ToUpperInvariant().Replace("SIG", "") switch
    {
        "KILL" or "9" => 9,
        "TERM" or "15" => 15,
        "INT" or "2" => 2,
        "HUP" or "1" => 1,
        var other => int.TryParse(other, out var n) ? n : throw new ValidationException("signal", $"invalid signal \"{signal}\""),
    };

    private static long? ParseSize(string raw)
    {
        var match = SizePattern().Match(raw.ToLowerInvariant());
        if (!match.Success) return null;
        var value = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "k" => value << 10, "m" => value << 20, "g" => value << 30, _ => value };
    }

    [GeneratedRegex("^([0-9]+)([bkmg]?)$")]
    private static partial Regex SizePattern();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex NamePattern();
}
