using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// conmon's control FIFO, "ctl" in the directory given as its bundle (-b): conmon reads lines "TYPE HEIGHT WIDTH\n"
/// from it; type 1 resizes the terminal it holds (TIOCSWINSZ on the pty master), type 2 reopens the log (read in conmon
/// 2.1.6's src/ctrl.c, as podman writes it). conmon keeps the FIFO open for reading while it runs, so the write end is
/// opened non-blocking: without a reader (conmon has exited) the open fails at once instead of hanging.
/// </summary>
public static unsafe class ConmonControl
{
    private const int ResizeMessage = 1;
    private const int ENXIO = 6;
    private const int ENOENT = 2;

    /// <summary>Resizes the terminal of the conmon whose bundle is <paramref name="bundlePath"/>. A resize sent before
    /// the runtime has handed the terminal over is applied when it does. Throws <see cref="AttachUnavailableException"/>
    /// when no conmon reads the FIFO.</summary>
    public static void Resize(string bundlePath, ushort height, ushort width)
    {
        var message = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{ResizeMessage} {height} {width}\n"));
        var path = Path.Combine(bundlePath, "ctl");
        var fd = NativeMethods.open(path, NativeMethods.O_WRONLY | NativeMethods.O_NONBLOCK | NativeMethods.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno is ENXIO or ENOENT
                ? new AttachUnavailableException("the process has no conmon any more (it has exited)")
                : new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        try
        {
            // One write of a few bytes to a FIFO is atomic (below PIPE_BUF): conmon reads the line whole.
            fixed (byte* data = message)
            {
                if (NativeMethods.write(fd, data, message.Length) != message.Length)
                    throw new IOException($"cannot write to {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }
        }
        finally
        {
            NativeMethods.close(fd);
        }
    }
}
