namespace Dashboard.Engine.Runtime;

/// <summary>
/// The conmon command line for one container, as podman builds it (checked against podman 4.3's debug log), minus
/// podman's exit command: conmon runs "RUNTIME --root=ROOT create --bundle B --pid-file P ID", holds the
/// container's stdio, writes the k8s-file log and, when the container exits, the exit file EXITDIR/ID. Its attach
/// socket is always there (BUNDLE/attach, see <see cref="ConmonAttach"/>); --stdin gives the container a stdin pipe.
/// </summary>
public static class ConmonArguments
{
    public static IReadOnlyList<string> Build(RuntimeCreateRequest request, string runtimePath, RuntimePaths paths, string? name = null) =>
    [
        "--api-version", "1",
        "-c", request.Id,
        "-u", request.Id,
        "-n", name ?? request.Id,
        "-r", runtimePath,
        "-b", request.BundlePath,
        "-p", paths.ContainerPidFile(request.Id),
        "--exit-dir", paths.ExitDir,
        "-l", "k8s-file:" + request.LogPath,
        "--log-level", "warning",
        "--socket-dir-path", paths.SocketDir,
        "--conmon-pidfile", paths.ConmonPidFile(request.Id),
        "--runtime-arg", "--root=" + paths.RuntimeRoot,
        .. request.LogSizeMax > 0 ? ["--log-size-max", request.LogSizeMax.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>(),
        // A stdin pipe that attach connections write to; without it the container's stdin is /dev/null.
        .. request.Stdin ? ["--stdin"] : Array.Empty<string>(),
        .. request.Stdin && request.LeaveStdinOpen ? ["--leave-stdin-open"] : Array.Empty<string>(),
        // conmon makes the console socket, passes --console-socket to the runtime and keeps the terminal's master.
        .. request.Terminal ? ["-t"] : Array.Empty<string>(),
    ];

    /// <summary>
    /// Environment changes for conmon: the sync pipe is fd 3; systemd's notify and socket-activation variables are
    /// removed, because runc create would otherwise proxy NOTIFY_SOCKET and hold the container until READY=1.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Environment = new Dictionary<string, string?>
    {
        ["_OCI_SYNCPIPE"] = "3",
        ["_OCI_STARTPIPE"] = null,
        ["_OCI_ATTACHPIPE"] = null,
        ["NOTIFY_SOCKET"] = null,
        ["LISTEN_PID"] = null,
        ["LISTEN_FDS"] = null,
        ["LISTEN_FDNAMES"] = null,
    };
}
