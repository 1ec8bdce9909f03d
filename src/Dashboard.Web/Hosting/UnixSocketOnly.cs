namespace Dashboard.Web.Hosting;

/// <summary>
/// Tells requests on the trusted unix socket (access controlled by its file mode, like Docker's) from TCP ones.
/// TCP access control lives in <see cref="Access.TcpAccessGate"/>.
/// </summary>
internal static class UnixSocketOnly
{
    public static bool IsUnixSocket(HttpContext context) =>
        context.Connection.RemoteIpAddress is null && context.Connection.LocalIpAddress is null;
}
