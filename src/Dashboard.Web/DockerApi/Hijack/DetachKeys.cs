namespace Dashboard.Web.DockerApi.Hijack;

/// <summary>
/// Docker's detach keys: a comma-separated sequence, each a single character or "ctrl-X" (X one of a-z, @, [, \, ], ^,
/// _), default "ctrl-p,ctrl-q". The daemon scans a TTY client's input for it and, on the whole sequence, detaches the
/// client without touching the process (moby's term.ToBytes and escape proxy; only TTY input is scanned, as in moby).
/// </summary>
internal static class DetachKeys
{
    public const string Default = "ctrl-p,ctrl-q";

    /// <summary>The bytes of <paramref name="text"/>, or null when it is not a valid sequence. Empty or null text is the
    /// default.</summary>
    public static byte[]? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) text = Default;
        var keys = new List<byte>();
        foreach (var raw in text.Split(','))
        {
            var key = raw.Trim();
            if (key.Length > 1 && key.StartsWith("ctrl-", StringComparison.OrdinalIgnoreCase) && key.Length == 6)
            {
                var c = char.ToLowerInvariant(key[5]);
                if (c is >= 'a' and <= 'z') keys.Add((byte)(c - 'a' + 1));
                else if (c is '@') keys.Add(0);
                else if (c is '[' or '\\' or ']' or '^' or '_') keys.Add((byte)(c - '@'));
                else return null;
            }
            else if (key.Length == 1 && key[0] < 0x80)
            {
                keys.Add((byte)key[0]);
            }
            else
            {
                return null;
            }
        }
        return keys.Count == 0 ? null : keys.ToArray();
    }

    /// <summary>The 400 for keys that do not parse, in moby's words.</summary>
    public static DockerApiException Invalid(string text) =>
        new(StatusCodes.Status400BadRequest, $"Invalid detach keys ({text}) provided");
}

/// <summary>
/// Scans a client's input for the detach sequence. Bytes that could begin it are held back until the sequence is
/// complete (detach: they are never written) or broken (they are written, followed by the rest), as moby's escape proxy
/// does, so a lone ctrl-p still reaches the process once the next key is not ctrl-q.
/// </summary>
internal sealed class DetachKeyScanner(byte[] keys)
{
    private int _matched;

    /// <summary>Appends the bytes of <paramref name="input"/> that go to the process to <paramref name="forward"/>;
    /// true when the sequence is complete (the rest of the input is dropped).</summary>
    public bool Scan(ReadOnlySpan<byte> input, List<byte> forward)
    {
        foreach (var b in input)
        {
            if (b == keys[_matched])
            {
                if (++_matched == keys.Length) return true;
                continue;
            }
            // Broken: what was held back goes through, and this byte may start the sequence again.
            for (var i = 0; i < _matched; i++) forward.Add(keys[i]);
            _matched = 0;
            if (b == keys[0])
            {
                _matched = keys.Length == 1 ? 0 : 1;
                if (keys.Length == 1) return true;
                continue;
            }
            forward.Add(b);
        }
        return false;
    }
}
