using System.Buffers;

namespace Dashboard.Engine.Containers.Logs;

/// <summary>
/// Reads the lines of one log file from its end towards its start, one block at a time, keeping only the block and
/// the head of the current line (what a tail needs to count and filter it), so memory does not depend on the size
/// of the file or of a line.
/// </summary>
internal sealed class BackwardLineReader : IDisposable
{
    public const int BlockBytes = 64 * 1024;
    /// <summary>More than any k8s-file prefix (time, stream, tag) needs.</summary>
    public const int HeadBytes = 128;

    private readonly LogFile _file;
    private byte[] _block = ArrayPool<byte>.Shared.Rent(BlockBytes);
    private readonly byte[] _head = new byte[HeadBytes];
    private long _blockStart;
    private long _blockEnd;
    private long _lineEnd = -1;
    private int _headOffset;
    private int _headLength;
    private bool _headInBlock;

    private BackwardLineReader(LogFile file) => _file = file;

    /// <summary>Just past the last line: after its newline, or the end of the file when it is complete and its last
    /// line has none. An unterminated rest of a file still being written is not a line yet.</summary>
    public long ContentEnd { get; private set; }

    /// <summary>Offset of the line found by the last <see cref="Previous"/>.</summary>
    public long LineStart { get; private set; }

    /// <summary>The first bytes (up to <see cref="HeadBytes"/>) of the line found by the last <see cref="Previous"/>.</summary>
    public ReadOnlySpan<byte> Head => _headInBlock ? _block.AsSpan(_headOffset, _headLength) : _head.AsSpan(0, _headLength);

    /// <summary>A reader over the first <paramref name="end"/> bytes of <paramref name="file"/>.</summary>
    public static BackwardLineReader Open(LogFile file, long end, bool complete, CancellationToken cancellationToken)
    {
        var reader = new BackwardLineReader(file);
        try
        {
            reader.Initialize(end, complete, cancellationToken);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private void Initialize(long end, bool complete, CancellationToken cancellationToken)
    {
        if (end <= 0) return;
        LoadBlockEndingAt(end, cancellationToken);
        if (_block[(int)(end - 1 - _blockStart)] == (byte)'\n')
        {
            _lineEnd = end - 1;
            ContentEnd = end;
        }
        else if (complete)
        {
            _lineEnd = end;
            ContentEnd = end;
        }
        else
        {
            var newline = FindNewlineBefore(end, cancellationToken);
            _lineEnd = newline;
            ContentEnd = newline + 1; // 0 when there is no complete line at all
        }
    }

    /// <summary>The line before the previous one (the last line on the first call); false at the start of the file.</summary>
    public bool Previous(CancellationToken cancellationToken)
    {
        if (_lineEnd < 0) return false;
        var start = FindNewlineBefore(_lineEnd, cancellationToken) + 1;
        var length = (int)Math.Min(_lineEnd - start, HeadBytes);
        LineStart = start;
        _headLength = length;
        _headInBlock = start >= _blockStart && start + length <= _blockEnd;
        if (_headInBlock) _headOffset = (int)(start - _blockStart);
        else ReadExactly(_head.AsSpan(0, length), start, cancellationToken);
        _lineEnd = start - 1;
        return true;
    }

    /// <summary>The offset of the last newline before <paramref name="position"/>, or -1 when there is none.</summary>
    private long FindNewlineBefore(long position, CancellationToken cancellationToken)
    {
        while (position > 0)
        {
            if (position <= _blockStart || position > _blockEnd) LoadBlockEndingAt(position, cancellationToken);
            var index = _block.AsSpan(0, (int)(position - _blockStart)).LastIndexOf((byte)'\n');
            if (index >= 0) return _blockStart + index;
            position = _blockStart;
        }
        return -1;
    }

    private void LoadBlockEndingAt(long end, CancellationToken cancellationToken)
    {
        var start = Math.Max(0, end - BlockBytes);
        ReadExactly(_block.AsSpan(0, (int)(end - start)), start, cancellationToken);
        _blockStart = start;
        _blockEnd = end;
    }

    private void ReadExactly(Span<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (buffer.Length > 0)
        {
            var read = RandomAccess.Read(_file.Handle, buffer, offset);
            if (read == 0) throw new IOException("a log file became shorter while it was read");
            buffer = buffer[read..];
            offset += read;
        }
    }

    public void Dispose()
    {
        var block = Interlocked.Exchange(ref _block, []);
        if (block.Length > 0) ArrayPool<byte>.Shared.Return(block);
    }
}
