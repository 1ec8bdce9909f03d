using System.Runtime.InteropServices;
using System.Text;
using Dashboard.Engine.Runtime;
using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.Tests.Runtime;

/// <summary>The resize message conmon reads from its ctl FIFO (conmon 2.1.6 src/ctrl.c: "TYPE HEIGHT WIDTH\n", type 1
/// a terminal resize), written to a real FIFO that the test reads as conmon would.</summary>
public sealed class ConmonControlTests : IDisposable
{
    private readonly string _bundle = Directory.CreateTempSubdirectory("dashboard-ctl-").FullName;

    public void Dispose() => Directory.Delete(_bundle, recursive: true);

    private string Fifo()
    {
        var path = Path.Combine(_bundle, "ctl");
        using var mkfifo = System.Diagnostics.Process.Start("mkfifo", ["-m", "600", path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>Opens the FIFO for reading as conmon keeps it open (non-blocking, so no writer is needed).</summary>
    private static FileStream Reader(string path)
    {
        var fd = NativeMethods.open(path, NativeMethods.O_RDONLY | NativeMethods.O_NONBLOCK | NativeMethods.O_CLOEXEC);
        Assert.True(fd >= 0, $"open {path} failed: {Marshal.GetLastPInvokeError()}");
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
    }

    private static string ReadAvailable(FileStream reader)
    {
        var buffer = new byte[256];
        var n = reader.Read(buffer);
        return Encoding.ASCII.GetString(buffer, 0, n);
    }

    [Fact]
    public void Resize_writes_one_whole_line_of_type_1_height_then_width()
    {
        using var reader = Reader(Fifo());

        ConmonControl.Resize(_bundle, 41, 123);
        Assert.Equal("1 41 123\n", ReadAvailable(reader));

        // Each resize is its own line, the largest sizes included, with no thousands separators.
        ConmonControl.Resize(_bundle, 1, 1);
        ConmonControl.Resize(_bundle, ushort.MaxValue, 1000);
        Assert.Equal("1 1 1\n1 65535 1000\n", ReadAvailable(reader));
    }

    [Fact]
    public void Without_a_reader_or_a_fifo_the_process_has_no_conmon_any_more()
    {
        Assert.Throws<AttachUnavailableException>(() => ConmonControl.Resize(_bundle, 10, 10));
        Fifo();
        // The FIFO exists but conmon (its reader) is gone: the non-blocking open fails at once instead of hanging.
        Assert.Throws<AttachUnavailableException>(() => ConmonControl.Resize(_bundle, 10, 10));
    }
}
