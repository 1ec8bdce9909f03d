namespace Dashboard.Web.Components.Detail;

/// <summary>The graph ranges: the short ones come from the sampler's ring buffer, the long ones from minute rollups.</summary>
public sealed record ChartRange(string Label, TimeSpan Span, bool FromRollups)
{
    public static readonly IReadOnlyList<ChartRange> All =
    [
        new("5 min", TimeSpan.FromMinutes(5), false),
        new("15 min", TimeSpan.FromMinutes(15), false),
        new("1 h", TimeSpan.FromHours(1), true),
        new("24 h", TimeSpan.FromHours(24), true),
    ];
}
