using Dashboard.Engine.Inspection.Entering;

namespace Dashboard.Engine.Inspection.Network;

/// <summary>
/// Lists interfaces and addresses over a NETLINK_ROUTE socket. A netlink socket talks to the network namespace it
/// was created in, so <see cref="ReadInterfaces"/> must run on a thread that has entered the container's netns
/// (see <see cref="NamespaceThread"/>); it is synchronous for that reason.
/// </summary>
internal static unsafe class RouteNetlink
{
    private const int BufferSize = 64 * 1024;

    public static IReadOnlyList<NetInterface> ReadInterfaces()
    {
        var fd = NamespaceNative.Socket(NamespaceNative.AF_NETLINK, NamespaceNative.SOCK_RAW | NamespaceNative.SOCK_CLOEXEC, NamespaceNative.NETLINK_ROUTE);
        if (fd < 0) throw new IOException($"opening a netlink socket failed: {NamespaceNative.LastError()}");
        try
        {
            // The kernel answers a dump at once; the timeout only guards against a hang that should never happen.
            var timeout = stackalloc long[2] { 5, 0 };
            NamespaceNative.SetSockOpt(fd, NamespaceNative.SOL_SOCKET, NamespaceNative.SO_RCVTIMEO, timeout, 16);
            var links = new List<NetlinkMessages.Link>();
            var addresses = new List<NetlinkMessages.Address>();
            Dump(fd, NetlinkMessages.DumpRequest(NetlinkMessages.RtmGetLink, 1), links, addresses);
            Dump(fd, NetlinkMessages.DumpRequest(NetlinkMessages.RtmGetAddr, 2), links, addresses);
            return NetlinkMessages.Combine(links, addresses);
        }
        finally
        {
            NamespaceNative.Close(fd);
        }
    }

    private static void Dump(int fd, byte[] request, List<NetlinkMessages.Link> links, List<NetlinkMessages.Address> addresses)
    {
        fixed (byte* message = request)
        {
            if (NamespaceNative.Send(fd, message, request.Length, 0) != request.Length)
                throw new IOException($"sending a netlink request failed: {NamespaceNative.LastError()}");
        }
        var buffer = new byte[BufferSize];
        while (true)
        {
            nint received;
            fixed (byte* data = buffer) received = NamespaceNative.Recv(fd, data, buffer.Length, 0);
            // The runtime suspends threads with signals (GC), so a blocking recv can be interrupted.
            if (received < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == NamespaceNative.EINTR) continue;
            if (received <= 0) throw new IOException($"reading the netlink answer failed: {NamespaceNative.LastError()}");
            if (NetlinkMessages.Parse(buffer.AsSpan(0, (int)received), links, addresses)) return;
        }
    }
}
