using Dashboard.Web.Access;
using Dashboard.Web.Components.Access;
using Microsoft.AspNetCore.Components.Forms;

namespace Dashboard.Web.Components.Tests;

/// <summary>The static login and setup forms: what they post, what they say.</summary>
public sealed class AccessFormTests : BunitContext
{
    [Fact]
    public void Login_form_posts_name_password_and_return_url_with_an_antiforgery_token()
    {
        var cut = Render<LoginForm>(p => p.Add(x => x.UserName, "alice").Add(x => x.ReturnUrl, "/containers"));
        var form = cut.Find("form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("access/login", form.GetAttribute("action"));
        Assert.Equal("alice", cut.Find("input[name=userName]").GetAttribute("value"));
        Assert.Equal("password", cut.Find("input[name=password]").GetAttribute("type"));
        Assert.Equal("/containers", cut.Find("input[name=returnUrl]").GetAttribute("value"));
        Assert.NotNull(cut.FindComponent<AntiforgeryToken>());
        Assert.Empty(cut.FindAll("[data-testid=login-error]"));
    }

    [Theory]
    [InlineData("invalid", "Wrong user name or password.")]
    [InlineData("locked", "locked")]
    public void Login_form_explains_a_failed_attempt(string error, string expected)
    {
        var cut = Render<LoginForm>(p => p.Add(x => x.Error, error));
        Assert.Contains(expected, cut.Find("[data-testid=login-error]").TextContent);
    }

    [Fact]
    public void Setup_form_carries_the_token_and_asks_for_twelve_characters_twice()
    {
        var cut = Render<SetupForm>(p => p.Add(x => x.Token, "tok123"));
        Assert.Equal("access/setup", cut.Find("form").GetAttribute("action"));
        Assert.Equal("tok123", cut.Find("input[name=token]").GetAttribute("value"));
        Assert.Equal("12", cut.Find("input[name=password]").GetAttribute("minlength"));
        Assert.Equal("12", cut.Find("input[name=confirmPassword]").GetAttribute("minlength"));
        Assert.Contains("at least 12 characters", cut.Markup);
    }

    [Fact]
    public void Setup_form_shows_the_servers_complaint()
    {
        var cut = Render<SetupForm>(p => p.Add(x => x.Token, "t").Add(x => x.Error, "The two passwords differ."));
        Assert.Equal("The two passwords differ.", cut.Find("[data-testid=setup-error]").TextContent);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("elevenchars", null, false)]
    [InlineData("twelve-chars", null, true)]
    [InlineData("twelve-chars", "twelve-charz", false)]
    [InlineData("twelve-chars", "twelve-chars", true)]
    public void Password_rules(string? password, string? confirmation, bool accepted) =>
        Assert.Equal(accepted, PasswordRules.Check(password, confirmation) is null);

    [Theory]
    [InlineData("alice", true)]
    [InlineData("a.b-c_d@e", true)]
    [InlineData("", false)]
    [InlineData("with space", false)]
    [InlineData("semi;colon", false)]
    public void User_name_rules(string name, bool accepted) => Assert.Equal(accepted, PasswordRules.CheckUserName(name) is null);
}
