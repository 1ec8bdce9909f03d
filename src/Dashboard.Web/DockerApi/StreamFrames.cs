using System.Buffers.Binary;
using System.Text;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// Docker's multiplexed stream (stdcopy): an 8-byte header [type, 0, 0, 0, size big-endian uint32] then the payload.
/// Type 1 is stdout, 2 stderr, 3 a daemon error that the client reports.
/// </summary>
internal static class StreamFrames
{
    public const byte SystemError = 3;

    public static async Task WriteAsync(Stream output, byte type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame.AsMemory(8));
        await output.WriteAsync(frame, cancellationToken);
    }

    /// <summary>A TTY's output is one raw stream, without headers (as Docker sends it); anything else is framed.</summary>
    public static async Task WriteAsync(Stream output, bool raw, byte type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (raw) await output.WriteAsync(payload, cancellationToken);
        else await WriteAsync(output, type, payload, cancellationToken);
    }

    /// <summary>Writes one log record, prefixed with its fixed-width timestamp when asked (docker logs -t); raw (no
    /// header) for a TTY container.</summary>
    public static Task WriteEntryAsync(Stream output, LogEntry entry, bool timestamps, CancellationToken cancellationToken, bool raw = false)
    {
        ReadOnlyMemory<byte> payload = entry.Content;
        if (timestamps)
        {
            var prefix = Encoding.ASCII.GetBytes(DockerTime.LogTimestamp(entry.Time) + " ");
            var joined = new byte[prefix.Length + entry.Content.Length];
            prefix.CopyTo(joined, 0);
            entry.Content.CopyTo(joined, prefix.Length);
            payload = joined;
        }
        return WriteAsync(output, raw, (byte)entry.Stream, payload, cancellationToken);
    }
}
