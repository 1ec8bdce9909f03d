using System.Text;
using Dashboard.Web.DockerApi.Hijack;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>Docker's detach keys: parsing as moby's term.ToBytes does, and the daemon-side scan of a TTY client's
/// input (what reaches the process, and when the client is detached).</summary>
public sealed class DetachKeysTests
{
    private const byte CtrlP = 0x10, CtrlQ = 0x11;

    [Theory]
    [InlineData(null, new byte[] { CtrlP, CtrlQ })]
    [InlineData("", new byte[] { CtrlP, CtrlQ })]
    [InlineData("ctrl-p,ctrl-q", new byte[] { CtrlP, CtrlQ })]
    [InlineData("ctrl-x", new byte[] { 0x18 })]
    [InlineData("CTRL-A,b", new byte[] { 0x01, (byte)'b' })]
    [InlineData(" ctrl-a , x ", new byte[] { 0x01, (byte)'x' })]
    [InlineData("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_", new byte[] { 0, 27, 28, 29, 30, 31 })]
    [InlineData("a,b,c", new byte[] { (byte)'a', (byte)'b', (byte)'c' })]
    public void Parses_the_sequences_docker_accepts(string? text, byte[] expected) =>
        Assert.Equal(expected, DetachKeys.Parse(text));

    [Theory]
    [InlineData("ctrl-1")]
    [InlineData("ctrl-")]
    [InlineData("ctrl-ab")]
    [InlineData("ab")]
    [InlineData("a,,b")]
    [InlineData("é")]
    public void Refuses_what_docker_refuses(string text)
    {
        Assert.Null(DetachKeys.Parse(text));
        Assert.Equal($"Invalid detach keys ({text}) provided", DetachKeys.Invalid(text).Message);
    }

    /// <summary>Feeds <paramref name="reads"/> one read at a time; returns what reaches the process and the index of
    /// the read that completed the sequence (-1 when none did).</summary>
    private static (string Forwarded, int DetachedAt) Feed(string keys, params string[] reads)
    {
        var scanner = new DetachKeyScanner(DetachKeys.Parse(keys)!);
        var forward = new List<byte>();
        for (var i = 0; i < reads.Length; i++)
            if (scanner.Scan(Encoding.Latin1.GetBytes(reads[i]), forward)) return (Encoding.Latin1.GetString(forward.ToArray()), i);
        return (Encoding.Latin1.GetString(forward.ToArray()), -1);
    }

    [Fact]
    public void The_default_ctrl_p_ctrl_q_detaches_and_is_never_forwarded()
    {
        Assert.Equal(("ls\n", 0), Feed("", "ls\n\u0010\u0011"));
        // What follows the sequence in the same read is dropped with it: the client has detached.
        Assert.Equal(("a", 0), Feed("", "a\u0010\u0011after"));
    }

    [Fact]
    public void A_sequence_split_across_reads_still_detaches()
    {
        Assert.Equal(("echo", 2), Feed("", "echo", "\u0010", "\u0011"));
        Assert.Equal(("", 2), Feed("ctrl-a,b,c", "\u0001", "b", "c"));
    }

    [Fact]
    public void Custom_keys_replace_the_default()
    {
        Assert.Equal(("x", 0), Feed("ctrl-x", "x\u0018y"));
        // ctrl-p ctrl-q is plain input then.
        Assert.Equal(("\u0010\u0011", -1), Feed("ctrl-x", "\u0010\u0011"));
    }

    [Fact]
    public void A_partial_prefix_followed_by_other_bytes_is_passed_through()
    {
        // ctrl-p alone (e.g. shell history) reaches the process once the next key is not ctrl-q.
        Assert.Equal(("\u0010a", -1), Feed("", "\u0010a"));
        Assert.Equal(("\u0010a", -1), Feed("", "\u0010", "a"));
        Assert.Equal(("x\u0001by", -1), Feed("ctrl-a,b,c", "x\u0001b", "y"));
        // A held-back ctrl-p followed by another ctrl-p: the first goes through, the second may start the sequence.
        Assert.Equal(("\u0010", 0), Feed("", "\u0010\u0010\u0011"));
        Assert.Equal(("\u0010", 1), Feed("", "\u0010", "\u0010\u0011"));
    }

    [Fact]
    public void Held_back_bytes_are_not_forwarded_before_the_sequence_is_decided()
    {
        var scanner = new DetachKeyScanner(DetachKeys.Parse(null)!);
        var forward = new List<byte>();
        Assert.False(scanner.Scan("ab\u0010"u8, forward));
        Assert.Equal("ab"u8.ToArray(), forward.ToArray());
    }
}
