using System.Buffers;

namespace Dashboard.Engine.Containers.Logs;

/// <summary>
/// Reads the lines of one log file forward from an offset through one pooled buffer. Reads are synchronous: log files
/// are regular files, mostly in the page cache, and a blocking read of one buffer is cheaper than a thread-pool hop. A line longer than the buffer
/// grows it, up to <see cref="MaxLineBytes"/>; a longer line (conmon never writes one: its records are at most
/// <see cref="LogFileLimits.LongestConmonRecord"/> bytes) is skipped, so memory stays bounded whatever the file holds.
/// </summary>
internal sealed class ForwardLineReader : IDisposable
{
    public const int BufferBytes = 64 * 1024;
    public const int MaxLineBytes = 1024 * 1024;

    private readonly LogFile _file;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private long _fileOffset;
    private int _start;
    private int _end;
    private bool _skipping;

    public ForwardLineReader(LogFile file, long offset)
    {
        _file = file;
        _fileOffset = offset;
    }

    /// <summary>The line found by the last <see cref="Next"/>, without its newline; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Line { get; private set; }

    /// <summary>
    /// The next complete line, reading at most up to <paramref name="limit"/> (a file offset). False at the end of
    /// what is there: an unterminated rest stays buffered for the next call (a writer may still be writing it),
    /// unless the file is <paramref name="complete"/>, when the rest is the last line.
    /// </summary>
    public bool Next(long limit, bool complete, CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Line = _buffer.AsMemory(_start, newline);
                _start += newline + 1;
                if (_skipping)
                {
                    _skipping = false;
                    continue;
                }
                return true;
            }
            cancellationToken.ThrowIfCancellationRequested();
            MakeRoom();
            var count = (int)Math.Min(_buffer.Length - _end, limit - _fileOffset);
            var read = count <= 0 ? 0 : RandomAccess.Read(_file.Handle, _buffer.AsSpan(_end, count), _fileOffset);
            if (read == 0)
            {
                if (!complete || _end == _start) return false;
                // A complete file's last line without a newline (or the end of a line too long to keep).
                var skipped = _skipping;
                Line = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                _skipping = false;
                return !skipped;
            }
            _end += read;
            _fileOffset += read;
        }
    }

    /// <summary>Moves the unfinished line to the front, or grows the buffer when it fills it, or starts skipping a
    /// line too long to keep.</summary>
    private void MakeRoom()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end < _buffer.Length) return;
        if (_buffer.Length < MaxLineBytes)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxLineBytes));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            return;
        }
        _skipping = true;
        _end = 0;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
