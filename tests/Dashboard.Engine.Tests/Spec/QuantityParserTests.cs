using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Tests.Spec;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1024", 1024L)]
    [InlineData("100b", 100L)]
    [InlineData("1k", 1024L)]
    [InlineData("1KB", 1024L)]
    [InlineData("200m", 209_715_200L)]
    [InlineData("200M", 209_715_200L)]
    [InlineData("200mb", 209_715_200L)]
    [InlineData("200MiB", 209_715_200L)]
    [InlineData("6m", 6_291_456L)]
    [InlineData("1g", 1_073_741_824L)]
    [InlineData("1.5g", 1_610_612_736L)]
    [InlineData("1.5 GB", 1_610_612_736L)]
    [InlineData("2t", 2_199_023_255_552L)]
    public void Parses_docker_sizes(string text, long expected) => Assert.Equal(expected, ByteSize.Parse(text));

    [Theory]
    [InlineData("200x")]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("-5m")]
    [InlineData("1..5g")]
    [InlineData("1.g")]
    [InlineData("12 34")]
    [InlineData("99999999999p")]
    public void Rejects_malformed_sizes(string text)
    {
        var ex = Assert.Throws<FormatException>(() => ByteSize.Parse(text));
        Assert.StartsWith($"invalid size: '{text}'", ex.Message);
    }

    [Fact]
    public void Error_text_matches_docker() =>
        Assert.Equal("invalid size: '200x'", Assert.Throws<FormatException>(() => ByteSize.Parse("200x")).Message);
}

public sealed class CpuQuantityTests
{
    [Theory]
    [InlineData("0.25", 250_000_000L, 25_000L)]
    [InlineData("1", 1_000_000_000L, 100_000L)]
    [InlineData("1.5", 1_500_000_000L, 150_000L)]
    [InlineData("0.01", 10_000_000L, 1_000L)]
    [InlineData("2.000000001", 2_000_000_001L, 200_000L)]
    public void Parses_cpus_to_nanos_and_quota(string text, long nanos, long quota)
    {
        Assert.Equal(nanos, CpuQuantity.ParseNanoCpus(text));
        Assert.Equal((quota, 100_000L), CpuQuantity.ToQuota(nanos));
    }

    [Fact]
    public void Negative_values_parse_so_the_validator_can_range_check() =>
        Assert.Equal(-500_000_000L, CpuQuantity.ParseNanoCpus("-0.5"));

    [Theory]
    [InlineData("abc", "decimal number")]
    [InlineData("0.0000000001", "too precise")]
    [InlineData("", "decimal number")]
    public void Rejects_bad_cpus(string text, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => CpuQuantity.ParseNanoCpus(text)).Message);

    [Fact]
    public void Formats_back() => Assert.Equal("0.25", CpuQuantity.Format(250_000_000));
}

public sealed class SignalsTests
{
    [Theory]
    [InlineData("KILL", 9)]
    [InlineData("SIGKILL", 9)]
    [InlineData("9", 9)]
    [InlineData("sigterm", 15)]
    [InlineData("term", 15)]
    [InlineData("SIGHUP", 1)]
    [InlineData("USR1", 10)]
    [InlineData("SIGUSR2", 12)]
    [InlineData("SIGCHLD", 17)]
    [InlineData("SIGSTOP", 19)]
    [InlineData("SIGWINCH", 28)]
    [InlineData("SIGIOT", 6)]
    [InlineData("RTMIN", 34)]
    [InlineData("SIGRTMIN+3", 37)]
    [InlineData("RTMAX-1", 63)]
    [InlineData("64", 64)]
    public void Parses_linux_signals(string text, int expected) => Assert.Equal(expected, Signals.Parse(text));

    [Theory]
    [InlineData("SIGFOO")]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("-9")]
    [InlineData("")]
    [InlineData("RTMIN+40")]
    public void Rejects_unknown_signals(string text) =>
        Assert.Contains("Invalid signal", Assert.Throws<FormatException>(() => Signals.Parse(text)).Message);

    [Theory]
    [InlineData(9, "SIGKILL")]
    [InlineData(15, "SIGTERM")]
    [InlineData(6, "SIGABRT")]
    [InlineData(36, "SIGRTMIN+2")]
    public void Names_signals(int signal, string name) => Assert.Equal(name, Signals.Name(signal));
}

public sealed class RestartPolicyParserTests
{
    [Theory]
    [InlineData(null, RestartPolicyKind.No, 0)]
    [InlineData("", RestartPolicyKind.No, 0)]
    [InlineData("no", RestartPolicyKind.No, 0)]
    [InlineData("on-failure", RestartPolicyKind.OnFailure, 0)]
    [InlineData("on-failure:3", RestartPolicyKind.OnFailure, 3)]
    [InlineData("always", RestartPolicyKind.Always, 0)]
    [InlineData("unless-stopped", RestartPolicyKind.UnlessStopped, 0)]
    public void Parses_policies(string? text, RestartPolicyKind kind, int retries)
    {
        var policy = RestartPolicyParser.Parse(text);
        Assert.Equal(kind, policy.Kind);
        Assert.Equal(retries, policy.MaximumRetryCount);
    }

    [Theory]
    [InlineData("sometimes", "unknown policy")]
    [InlineData("always:3", "only be used with 'on-failure'")]
    [InlineData("on-failure:-1", "cannot be negative")]
    [InlineData("on-failure:x", "must be an integer")]
    [InlineData("Always", "unknown policy")]
    public void Rejects_bad_policies(string text, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => RestartPolicyParser.Parse(text)).Message);

    [Fact]
    public void Docker_name_round_trips() =>
        Assert.Equal("on-failure", RestartPolicyParser.Parse("on-failure:2").DockerName);
}
