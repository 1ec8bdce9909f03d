using Dashboard.Engine.Spec;

namespace Dashboard.Web.Components.Launch;

/// <summary>The <c>docker run</c> line equivalent to a request, for people to copy into a terminal. Pure; a flag
/// appears only when the request sets it, and every word is shell-quoted.</summary>
public static class DockerRunPreview
{
    /// <param name="defaultPidsLimit">The daemon's Engine:DefaultPidsLimit: without a pids limit of its own the
    /// container gets this one, so the line says so (Docker itself has no default, so the line copied to another host
    /// makes the same container).</param>
    public static string Build(CreateContainerRequest request, long defaultPidsLimit = 0)
    {
        ArgumentNullException.ThrowIfNull(request);
        var words = new List<string> { "docker", "run", "-d" };
        void Flag(string flag, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            words.Add(flag);
            words.Add(ShellWords.Quote(value));
        }

        Flag("--name", request.Name);
        Flag("--hostname", request.Hostname);
        foreach (var env in request.Env) Flag("-e", env);
        foreach (var (key, value) in request.Labels) Flag("--label", key + "=" + value);
        Flag("--cpus", request.Cpus);
        Flag("--memory", request.Memory);
        Flag("--memory-swap", request.MemorySwap);
        if ((request.PidsLimit ?? (defaultPidsLimit > 0 ? defaultPidsLimit : null)) is { } pids)
            Flag("--pids-limit", pids.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Flag("--restart", request.RestartPolicy);
        Flag("--network", request.NetworkMode);
        foreach (var publish in request.Publish) Flag("-p", publish);
        Flag("--pid", request.PidMode);
        Flag("--ipc", request.IpcMode);
        Flag("--uts", request.UtsMode);
        foreach (var bind in request.Binds) Flag("-v", bind);
        Flag("--user", request.User);
        Flag("--workdir", request.WorkingDir);
        if (request.AutoRemove) words.Add("--rm");
        words.Add(request.Image.Length == 0 ? "IMAGE" : ShellWords.Quote(request.Image));
        if (request.Cmd is { } cmd) words.AddRange(cmd.Select(ShellWords.Quote));
        return string.Join(' ', words);
    }
}
