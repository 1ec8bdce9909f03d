using Dashboard.Engine.Containers.Logs;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Tests.Spec;

/// <summary>--log-driver and --log-opt: max-size and max-file are kept with the container; anything else is a clear
/// refusal that names it, never silently ignored. Engine:LogMaxSize and Engine:LogMaxFiles are the defaults.</summary>
public sealed class LogOptionValidationTests
{
    private static readonly HostLimits s_host = new(CpuCount: 2, MemoryBytes: 4L << 30);

    private static ContainerConfig Validate(string? driver, params (string Key, string Value)[] options) =>
        ContainerRequestValidator.Validate(new CreateContainerRequest
        {
            Image = "busybox",
            LogDriver = driver,
            LogOptions = options.ToDictionary(o => o.Key, o => o.Value),
        }, s_host);

    private static FieldError Refusal(string? driver, params (string Key, string Value)[] options) =>
        Assert.Single(Assert.Throws<ValidationException>(() => Validate(driver, options)).Errors);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("json-file")]
    [InlineData("k8s-file")]
    public void Max_size_and_max_file_are_kept_in_Dockers_decimal_units(string? driver)
    {
        var limits = Validate(driver, ("max-size", "10m"), ("max-file", "5")).LogLimits;
        Assert.Equal(new LogLimits { MaxSizeBytes = 10_000_000, MaxFiles = 5 }, limits);
        Assert.Equal(1_500_000, Validate(driver, ("max-size", "1.5MiB")).LogLimits!.MaxSizeBytes);
        Assert.Null(Validate(driver).LogLimits);
    }

    [Fact]
    public void Max_size_minus_one_means_no_limit()
    {
        Assert.Equal(0, Validate(null, ("max-size", "-1")).LogLimits!.MaxSizeBytes);
        Assert.False(LogFileLimits.Unbounded.With(new LogLimits { MaxSizeBytes = 0 }).Bounded);
    }

    [Theory]
    [InlineData("syslog", "log-driver", "log driver \"syslog\" is not supported by this daemon")]
    [InlineData("none", "log-driver", "leave --log-driver out or use json-file")]
    public void Other_drivers_are_refused_by_name(string driver, string field, string message)
    {
        var error = Refusal(driver);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("compress", "true", "unknown log opt 'compress' for json-file log driver: this daemon supports max-size and max-file")]
    [InlineData("tag", "{{.Name}}", "unknown log opt 'tag'")]
    [InlineData("max-size", "10x", "invalid max-size \"10x\"")]
    [InlineData("max-size", "0", "max-size must be a positive number")]
    [InlineData("max-size", "1k", "max-size 1k is too small: use at least 65536 bytes")]
    [InlineData("max-file", "0", "max-file cannot be less than 1")]
    [InlineData("max-file", "three", "invalid max-file \"three\"")]
    public void Bad_options_are_refused_with_what_to_do(string key, string value, string message)
    {
        var error = Refusal(null, (key, value));
        Assert.Equal("log-opt", error.Field);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_huge_option_is_not_echoed_back_whole()
    {
        var key = new string('k', 100_000);
        Assert.Contains("unknown log opt 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...'", Refusal(null, (key, "v")).Message);
        var many = Enumerable.Range(0, 1000).Select(i => ($"k{i}", "v")).ToArray();
        Assert.Equal("1000 log options given; this daemon supports max-size and max-file", Refusal(null, many).Message);
    }

    [Theory]
    [InlineData("10m", 10_000_000)]
    [InlineData("10MB", 10_000_000)]
    [InlineData("10 mib", 10_000_000)]
    [InlineData("2g", 2_000_000_000)]
    [InlineData("100k", 100_000)]
    [InlineData("12345", 12345)]
    [InlineData("7b", 7)]
    public void Decimal_sizes_parse_as_Dockers_FromHumanSize(string text, long bytes)
    {
        Assert.True(DecimalByteSize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData(10_000_000, "10m")]
    [InlineData(10_485_760, "10485760")]
    [InlineData(3_000, "3k")]
    [InlineData(2_000_000_000, "2g")]
    public void Decimal_sizes_format_exactly(long bytes, string text) => Assert.Equal(text, DecimalByteSize.Format(bytes));

    [Fact]
    public void Engine_defaults_are_ten_MiB_times_three_and_bad_settings_are_named()
    {
        Assert.Equal(new LogFileLimits(10L << 20, 3), LogFileLimits.Defaults(new EngineOptions()));
        Assert.False(LogFileLimits.Defaults(new EngineOptions { LogMaxSize = "0" }).Bounded);
        Assert.False(LogFileLimits.Defaults(new EngineOptions { LogMaxSize = "" }).Bounded);
        var errors = Assert.Throws<ValidationException>(() => LogFileLimits.Defaults(new EngineOptions { LogMaxSize = "lots", LogMaxFiles = 0 })).Errors;
        Assert.Equal(["Engine:LogMaxFiles", "Engine:LogMaxSize"], errors.Select(e => e.Field).Order());
        Assert.Equal(new LogFileLimits(5_000_000, 3),
            LogFileLimits.Defaults(new EngineOptions()).With(new LogLimits { MaxSizeBytes = 5_000_000 }));
    }
}
