using System.Net;

namespace Dashboard.Web.Tests.Access;

/// <summary>Login posts are rate limited per client IP, before any password is checked.</summary>
public sealed class LoginRateLimitTests
{
    [Fact]
    public async Task Too_many_login_posts_from_one_address_get_429()
    {
        await using var host = await AccessHost.StartAsync(o => o.LoginAttemptsPerMinutePerIp = 3);
        using var browser = host.Tcp();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await AccessHost.LoginAsync(browser, "nobody", "wrong-password")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await AccessHost.LoginAsync(browser, "nobody", "wrong-password")).StatusCode);
        // Other routes are not affected.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/login")).StatusCode);
    }
}
