using System.Diagnostics;
using Dashboard.Web.Hosting;
using Dashboard.Web.Tests.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>Every section is bound and validated at start: a bad value stops the daemon before it creates anything,
/// with a message that names the key, the value and what is allowed.</summary>
public sealed class ConfigurationValidationTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Engine:DataRoot", "relative/data", "Engine:DataRoot is \"relative/data\"; it must be an absolute path" },
        { "Engine:RunRoot", "", "Engine:RunRoot is \"\"; it must be an absolute path" },
        { "Engine:CgroupParent", "../escape", "Engine:CgroupParent is \"../escape\"; it must name a cgroup below each hierarchy's root" },
        { "Engine:DefaultStopTimeoutSeconds", "-2", "Engine:DefaultStopTimeoutSeconds is -2; it must be between 0 and 4294967 seconds, or -1" },
        { "Engine:DefaultPidsLimit", "-5", "Engine:DefaultPidsLimit is -5; it must be between 1 and 4194304" },
        { "Engine:StatsInterval", "00:00:00.100", "Engine:StatsInterval is 00:00:00.1000000; it must be between 00:00:00.250 and 00:01:00" },
        { "Engine:StatsRingMinutes", "0", "Engine:StatsRingMinutes is 0; it must be between 1 and 1440" },
        { "Engine:ImageMaxUploadSize", "lots", "Engine:ImageMaxUploadSize is \"lots\"" },
        { "Engine:ImageMaxEntries", "-1", "Engine:ImageMaxEntries is -1; use a positive count, or 0 for no limit" },
        { "Engine:LogMaxSize", "1KiB", "Engine:LogMaxSize is \"1KiB\"; use at least 64KiB" },
        { "Engine:LogMaxFiles", "0", "Engine:LogMaxFiles is 0; use 1 or more" },
        { "Api:UnixSocket", "dashboard.sock", "Api:UnixSocket is \"dashboard.sock\"; it must be an absolute path" },
        { "Api:UnixSocketMode", "0999", "Api:UnixSocketMode is \"0999\"; it must be an octal file mode between 0000 and 0777" },
        { "Access:IdleTimeout", "00:00:00", "Access:IdleTimeout is 00:00:00; it must be a positive time span" },
        { "Access:LockoutThreshold", "0", "Access:LockoutThreshold is 0; it must be 1 or more" },
        { "Access:AllowedOrigins:0", "https://dashboard.example.com/app", "Access:AllowedOrigins has \"https://dashboard.example.com/app\"; each entry must be an origin" },
        { "DockerApi:CgroupVersion", "3", "DockerApi:CgroupVersion is 3; it must be 1 or 2" },
        { "Engine:StatsRingMinutes", "ten", "'Engine:StatsRingMinutes'" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_it(string key, string value, string message)
    {
        using var dir = new TempDirectory("dash-config-");
        var log = new CapturingLoggerProvider();
        await using var app = TestApp.Build(dir.Path, new FakeEngineParts(), new Dictionary<string, string?> { [key] = value },
            services => services.AddSingleton<ILoggerProvider>(log));

        Assert.Equal(1, await DashboardApp.RunAsync(app));

        var critical = log.Critical();
        Assert.Contains(critical, line => line.StartsWith("Invalid configuration: ", StringComparison.Ordinal) && line.Contains(message, StringComparison.Ordinal));
        Assert.False(Directory.Exists(TestApp.DataRoot(dir.Path)), "nothing is created before the settings are checked");
    }

    [Fact]
    public async Task Validation_runs_on_start_for_any_host_of_the_composition()
    {
        using var dir = new TempDirectory("dash-config-");
        await using var app = TestApp.Build(dir.Path, new FakeEngineParts(), new Dictionary<string, string?> { ["Engine:DefaultPidsLimit"] = "-5" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("Engine:DefaultPidsLimit is -5", error.Message);
    }

    [Fact]
    public async Task Every_failure_of_every_section_is_reported_at_once()
    {
        using var dir = new TempDirectory("dash-config-");
        await using var app = TestApp.Build(dir.Path, new FakeEngineParts(), new Dictionary<string, string?>
        {
            ["Engine:DefaultPidsLimit"] = "-5",
            ["Engine:LogMaxFiles"] = "0",
            ["Access:LockoutThreshold"] = "0",
            ["Api:UnixSocketMode"] = "rw",
        });

        var errors = DashboardApp.ConfigurationErrors(app.Services);

        Assert.Contains(errors, e => e.StartsWith("Engine:DefaultPidsLimit is -5", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Engine:LogMaxFiles is 0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Access:LockoutThreshold is 0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Api:UnixSocketMode is \"rw\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_shipped_settings_are_valid()
    {
        using var dir = new TempDirectory("dash-config-");
        await using var app = TestApp.Build(dir.Path, new FakeEngineParts());
        Assert.Empty(DashboardApp.ConfigurationErrors(app.Services));
    }

    /// <summary>The real binary, as systemd starts it: exit status 1 and the message in its log, before it needs root.</summary>
    [Fact]
    public async Task The_daemon_process_exits_1_on_a_bad_setting_and_says_which()
    {
        using var dir = new TempDirectory("dash-config-");
        var info = new ProcessStartInfo("dotnet", [DaemonProcess.DaemonDll()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dir.Path,
        };
        info.Environment["Engine__DataRoot"] = Path.Combine(dir.Path, "data");
        info.Environment["Engine__RunRoot"] = Path.Combine(dir.Path, "run");
        info.Environment["Api__UnixSocket"] = Path.Combine(dir.Path, "api.sock");
        info.Environment["Urls"] = "http://127.0.0.1:0";
        info.Environment["Engine__StatsInterval"] = "00:00:00.100";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}: {output}");
        Assert.Contains("Invalid configuration: Engine:StatsInterval is 00:00:00.1000000; it must be between 00:00:00.250 and 00:01:00", output);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "data")), "nothing is created before the settings are checked");
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly List<(LogLevel Level, string Text)> _lines = [];

        public IReadOnlyList<string> Critical()
        {
            lock (_lines) return _lines.Where(l => l.Level == LogLevel.Critical).Select(l => l.Text).ToList();
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);
        public void Dispose() { }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._lines) owner._lines.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
