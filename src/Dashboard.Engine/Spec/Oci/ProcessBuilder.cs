using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Oci;

/// <summary>The <c>process</c> section: command, environment, working directory, user, capabilities, rlimits.</summary>
internal static class ProcessBuilder
{
    public static OciProcess Build(OciSpecInput input, string? hostname)
    {
        var user = User(input);
        var caps = LinuxDefaults.Capabilities;
        // Docker gives a non-root process only the bounding set: execve as non-root would clear the others.
        var capabilities = user.Uid == 0 ? new OciCapabilities(caps, caps, caps) : new OciCapabilities(caps, null, null);
        return new OciProcess(
            Terminal: false,
            User: user,
            Args: Args(input.Config, input.Image),
            Env: Env(input, hostname),
            Cwd: Cwd(input),
            Capabilities: capabilities,
            Rlimits: Rlimits(input),
            NoNewPrivileges: true,
            OomScoreAdj: 0);
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
        if (input.ResolvedUser is { } resolved)
            return new OciUser(resolved.Uid, resolved.Gid, resolved.AdditionalGids.Count > 0 ? resolved.AdditionalGids : null);
        var spec = string.IsNullOrEmpty(input.Config.User) ? input.Image.User : input.Config.User;
        if (string.IsNullOrEmpty(spec)) return new OciUser(0, 0, null);
        if (UserSpec.TryParseNumeric(spec, out var uid, out var gid)) return new OciUser(uid, gid ?? 0, null);
        throw new ValidationException("user",
            $"unable to find user {spec}: user names must be resolved from the image's /etc/passwd before the spec is generated");
    }

    private static List<OciRlimit> Rlimits(OciSpecInput input)
    {
        // Never above the host's hard limit: runc cannot raise a hard limit and the container start would fail.
        var nofile = Math.Min(LinuxDefaults.DefaultNofile, input.HostNofileHardLimit);
        List<OciRlimit> limits = [new("RLIMIT_NOFILE", nofile, nofile)];
        if (input.HostNprocHardLimit is { } nproc) limits.Add(new("RLIMIT_NPROC", nproc, nproc));
        return limits;
    }
}
