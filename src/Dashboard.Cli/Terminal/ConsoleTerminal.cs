using System.Runtime.InteropServices;

namespace Dashboard.Cli.Terminal;

/// <summary>
/// The process's own terminal, through termios and ioctl (P/Invoke into libc): .NET's Console has no raw mode that
/// passes ctrl-C and escape sequences through untouched, and reading its window size would initialize its own terminal
/// handling, which fights ours.
/// </summary>
public sealed partial class ConsoleTerminal : ITerminal
{
    private const int StdinFd = 0;
    private const int StdoutFd = 1;
    private const int TcsaNow = 0;
    private const ulong Tiocgwinsz = 0x5413;
    // sizeof(struct termios) is 60 on Linux (glibc and musl); room to spare.
    private const int TermiosSize = 128;

    public bool InputIsTerminal => isatty(StdinFd) == 1;

    /// <summary>Standard input as bytes. On a terminal, not Console.OpenStandardInput(): that one reads a terminal
    /// through .NET's line editor, which sets its own terminal mode (echo, ctrl-C as SIGINT) under our raw mode.</summary>
    public static Stream OpenInput() => isatty(StdinFd) == 1
        ? new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(StdinFd, ownsHandle: false), FileAccess.Read, bufferSize: 0)
        : Console.OpenStandardInput();

    public (int Cols, int Rows)? Size()
    {
        foreach (var fd in new[] { StdoutFd, StdinFd })
        {
            var size = new WinSize();
            if (isatty(fd) == 1 && ioctl(fd, Tiocgwinsz, ref size) == 0 && size.Cols > 0 && size.Rows > 0) return (size.Cols, size.Rows);
        }
        return null;
    }

    public IDisposable EnterRawMode()
    {
        var saved = new byte[TermiosSize];
        if (tcgetattr(StdinFd, saved) != 0) throw new IOException($"cannot read the terminal's settings (errno {Marshal.GetLastPInvokeError()})");
        var raw = (byte[])saved.Clone();
        cfmakeraw(raw);
        if (tcsetattr(StdinFd, TcsaNow, raw) != 0) throw new IOException($"cannot put the terminal in raw mode (errno {Marshal.GetLastPInvokeError()})");
        return new RawMode(saved);
    }

    public IDisposable OnResize(Action resized) => PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => resized());

    /// <summary>Restores the saved settings once: on dispose, on SIGTERM, SIGHUP or SIGQUIT (then the signal's default
    /// action goes on) and at process exit.</summary>
    private sealed class RawMode : IDisposable
    {
        private readonly byte[] _saved;
        private readonly PosixSignalRegistration[] _signals;
        private int _restored;

        public RawMode(byte[] saved)
        {
            _saved = saved;
            _signals = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }
                .Select(s => PosixSignalRegistration.Create(s, _ => Restore()))];
            AppDomain.CurrentDomain.ProcessExit += OnExit;
        }

        private void OnExit(object? sender, EventArgs e) => Restore();

        private void Restore()
        {
            if (Interlocked.Exchange(ref _restored, 1) == 0) _ = tcsetattr(StdinFd, TcsaNow, _saved);
        }

        public void Dispose()
        {
            Restore();
            AppDomain.CurrentDomain.ProcessExit -= OnExit;
            foreach (var signal in _signals) signal.Dispose();
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WinSize
    {
        public ushort Rows;
        public ushort Cols;
        public ushort XPixel;
        public ushort YPixel;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int isatty(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, [In] byte[] termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw([In, Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, ulong request, ref WinSize size);
}
