using Dashboard.Engine.Containers;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Detail;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Detail;

/// <summary>The Inspect tab shows a viewer the environment's names only; operators and admins see the values.</summary>
public sealed class InspectTabMaskTests : BunitContext, IAsyncLifetime
{
    private const string Secret = "hunter2-s3cret";
    private static readonly ContainerRecord Db = FakeEngine.Web with
    {
        Config = FakeEngine.Web.Config with { Env = [$"DB_PASSWORD={Secret}", "MODE=prod", "PASSTHROUGH"] },
    };

    public InspectTabMaskTests()
    {
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private string RenderAs(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetRoles(role);
        return Render<InspectTab>(p => p.Add(c => c.Container, Db)).Find("[data-testid=inspect-json]").TextContent;
    }

    [Fact]
    public void A_viewer_sees_names_and_masks()
    {
        var json = RenderAs(Roles.Viewer);
        Assert.Contains("\"DB_PASSWORD=********\"", json);
        Assert.Contains("\"MODE=********\"", json);
        Assert.Contains("\"PASSTHROUGH\"", json);
        Assert.DoesNotContain(Secret, json);
        Assert.DoesNotContain("prod", json);
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Admin)]
    public void Operators_and_admins_see_values(string role) =>
        Assert.Contains($"\"DB_PASSWORD={Secret}\"", RenderAs(role));
}
