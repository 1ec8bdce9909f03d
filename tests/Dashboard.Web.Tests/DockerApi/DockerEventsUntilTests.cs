using Dashboard.Web.DockerApi;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>`docker events --until 0s` arrives as whole Unix seconds (the CLI drops the fraction of a relative time):
/// an until that names the current second means the moment of the request, so what happened since the second began
/// (the die of a container just waited for) is not left out. Other untils are Docker's, literal.</summary>
public sealed class DockerEventsUntilTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_750);

    [Fact]
    public void A_whole_second_until_in_the_current_second_means_now()
    {
        var floor = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        Assert.Equal(Now, EventsHandler.UntilOrNow("1700000000", floor, Now));
    }

    [Theory]
    [InlineData("1699999999")]            // an earlier second: literal, as Docker
    [InlineData("1700000000.000000000")]  // a fraction was given: the client meant that instant
    [InlineData("1700000001")]            // the future: events are followed until then
    public void Any_other_until_is_taken_literally(string raw)
    {
        var parts = raw.Split('.');
        var until = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[0]));
        Assert.Equal(until, EventsHandler.UntilOrNow(raw, until, Now));
    }

    [Fact]
    public void No_until_stays_none()
    {
        Assert.Null(EventsHandler.UntilOrNow(null, null, Now));
    }
}
