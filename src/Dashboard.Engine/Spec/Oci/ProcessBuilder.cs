using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Oci;

/// <summary>The <c>process</c> section: command, environment, working directory, user, capabilities, rlimits.</summary>
internal static class ProcessBuilder
{
    /// <summary>Where --init's binary appears in the container, as Docker mounts its docker-init.</summary>
    public const string InitPath = "/sbin/docker-init";

    public static OciProcess Build(OciSpecInput input, string? hostname, IReadOnlyList<string> caps)
    {
        var user = User(input);
        // Docker gives a non-root process only the bounding set: execve as non-root would clear the others.
        var capabilities = user.Uid == 0 ? new OciCapabilities(caps, caps, caps) : new OciCapabilities(caps, null, null);
        var security = input.Config.Security;
        var args = Args(input.Config, input.Image);
        // --init: tini is PID 1 and runs the command as its child, as Docker's docker-init does.
        if (input.Config.Init == true) args = [InitPath, "--", .. args];
        return new OciProcess(
            Terminal: input.Config.Tty,
            User: user,
            Args: args,
            Env: Env(input, hostname),
            Cwd: Cwd(input),
            Capabilities: capabilities,
            Rlimits: Rlimits(input),
            // The engine's default is on (Docker's is off); an explicit no-new-privileges[=false] wins, and a
            // privileged container gets Docker's default so that set-id programs work in it.
            NoNewPrivileges: security.NoNewPrivileges ?? !security.Privileged,
            OomScoreAdj: input.Config.OomScoreAdj,
            ApparmorProfile: input.AppArmorEnabled ? security.AppArmorProfile : null,
            ConsoleSize: input.Config.ConsoleSize is { } size ? new OciConsoleSize(size.Height, size.Width) : null);
    }

    /// <summary>
    /// Docker's rule: a request Entrypoint replaces the image's and also drops the image's Cmd (only the request's
    /// Cmd follows it); without a request Entrypoint the request's Cmd replaces the image's.
    /// </summary>
    public static IReadOnlyList<string> Args(ContainerConfig config, Images.ImageConfig image)
    {
        var args = config.Entrypoint is not null
            ? [.. config.Entrypoint, .. config.Cmd ?? []]
            : new List<string>([.. image.Entrypoint ?? [], .. config.Cmd ?? image.Cmd ?? []]);
        if (args.Count == 0)
            throw new ValidationException("cmd", "No command specified: the image has no Cmd or Entrypoint; give one, e.g. sh -c 'echo hello'");
        return args;
    }

    /// <summary>PATH and HOSTNAME first, then the image's environment, then the request's (which wins per key).</summary>
    private static List<string> Env(OciSpecInput input, string? hostname)
    {
        List<string> env = ["PATH=" + LinuxDefaults.DefaultPath];
        if (hostname is not null) env.Add("HOSTNAME=" + hostname);
        // Docker's daemon environment: a terminal says what it is (the image or the request may still change it).
        if (input.Config.Tty) env.Add("TERM=xterm");
        return EnvEntries.Merge(EnvEntries.Merge(env, input.Image.Env), input.Config.Env);
    }

    private static string Cwd(OciSpecInput input)
    {
        var cwd = input.Config.WorkingDir;
        if (string.IsNullOrEmpty(cwd)) cwd = input.Image.WorkingDir;
        // Image workdirs are untrusted: a relative one is taken from "/", as Docker does.
        if (string.IsNullOrEmpty(cwd)) return "/";
        return cwd.StartsWith('/') ? cwd : "/" + cwd;
    }

    private static OciUser User(OciSpecInput input)
    {
        var user = BaseUser(input);
        if (input.ExtraGids.Count == 0) return user;
        // --group-add comes after the user's own supplementary groups.
        var gids = (user.AdditionalGids ?? []).Concat(input.ExtraGids).Distinct().ToArray();
        return user with { AdditionalGids = gids };
    }

    private static OciUser BaseUser(OciSpecInput input)
    {
        if (input.ResolvedUser is { } resolved)
            return new OciUser(resolved.Uid, resolved.Gid, resolved.AdditionalGids.Count > 0 ? resolved.AdditionalGids : null);
        var spec = string.IsNullOrEmpty(input.Config.User) ? input.Image.User : input.Config.User;
        if (string.IsNullOrEmpty(spec)) return new OciUser(0, 0, null);
        if (UserSpec.TryParseNumeric(spec, out var uid, out var gid)) return new OciUser(uid, gid ?? 0, null);
        throw new ValidationException("user",
            $"unable to find user {spec}: user names must be resolved from the image's /etc/passwd before the spec is generated");
    }

    /// <summary>The engine's defaults (open files, processes), each replaced by a --ulimit of the same name, then the
    /// other --ulimit entries in the order given. -1 is RLIM_INFINITY.</summary>
    private static List<OciRlimit> Rlimits(OciSpecInput input)
    {
        // Never above the host's hard limit: runc cannot raise a hard limit and the container start would fail.
        // The validator refuses a --ulimit above it, so these are the only values that need capping.
        var nofile = Math.Min(LinuxDefaults.DefaultNofile, input.HostNofileHardLimit);
        List<OciRlimit> limits = [new("RLIMIT_NOFILE", nofile, nofile)];
        if (input.HostNprocHardLimit is { } nproc) limits.Add(new("RLIMIT_NPROC", nproc, nproc));
        foreach (var ulimit in input.Config.Ulimits)
        {
            var type = "RLIMIT_" + ulimit.Name.ToUpperInvariant();
            var limit = new OciRlimit(type, Value(ulimit.Hard), Value(ulimit.Soft));
            var existing = limits.FindIndex(l => l.Type == type);
            if (existing >= 0) limits[existing] = limit;
            else limits.Add(limit);
        }
        return limits;
    }

    private static ulong Value(long limit) => limit == -1 ? ulong.MaxValue : (ulong)limit;
}
