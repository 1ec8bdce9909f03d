using Dashboard.Engine.Configuration;

namespace Dashboard.Engine.Tests.Stats;

public sealed class StatsOptionsTests
{
    [Fact]
    public void Defaults_are_one_second_fifteen_minutes_and_seven_days_and_valid()
    {
        var options = new EngineOptions();
        Assert.Equal((TimeSpan.FromSeconds(1), 15, 7), (options.StatsInterval, options.StatsRingMinutes, options.StatsRollupDays));
        options.ValidateStats();
    }

    [Fact]
    public void An_interval_below_250_ms_is_refused_naming_the_setting_and_the_format()
    {
        var options = new EngineOptions { StatsInterval = TimeSpan.FromMilliseconds(100) };
        var error = Assert.Throws<ValidationException>(options.ValidateStats);
        Assert.Equal("Engine:StatsInterval", Assert.Single(error.Errors).Field);
        Assert.Contains("00:00:00.250", error.Message);
        new EngineOptions { StatsInterval = TimeSpan.FromMilliseconds(250) }.ValidateStats();
    }

    [Fact]
    public void A_bare_number_parsed_as_days_and_non_positive_retention_are_refused()
    {
        // "1000" in configuration binds to 1000 days: refused rather than sampling never.
        var options = new EngineOptions { StatsInterval = TimeSpan.Parse("1000"), StatsRingMinutes = 0, StatsRollupDays = -1 };
        var error = Assert.Throws<ValidationException>(options.ValidateStats);
        Assert.Equal(["Engine:StatsInterval", "Engine:StatsRingMinutes", "Engine:StatsRollupDays"], error.Errors.Select(e => e.Field));
    }
}
