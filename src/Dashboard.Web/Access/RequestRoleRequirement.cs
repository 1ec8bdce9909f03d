using Microsoft.AspNetCore.Authorization;

namespace Dashboard.Web.Access;

/// <summary>
/// A role that depends on the request: <see cref="MinimumFor"/> names the least role the request needs (null: anyone,
/// even without a login). For routes whose rights depend on what is asked, not only on where: an attach that writes to
/// stdin needs an operator, one that only reads is a viewer's; an unknown path is a read for GET and an action
/// otherwise. Declared on the route with <see cref="RouteAccess.RequireRole{TBuilder}(TBuilder, Func{HttpContext, string?})"/>.
/// </summary>
public sealed class RequestRoleRequirement(Func<HttpContext, string?> minimumFor) : IAuthorizationRequirement
{
    public Func<HttpContext, string?> MinimumFor { get; } = minimumFor;
}

/// <summary>Decides <see cref="RequestRoleRequirement"/>: the routing middleware hands the request over as the
/// resource. Without a request (a check made outside one) the requirement fails.</summary>
internal sealed class RequestRoleHandler : AuthorizationHandler<RequestRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RequestRoleRequirement requirement)
    {
        if (context.Resource is HttpContext http)
        {
            var minimum = requirement.MinimumFor(http);
            if (minimum is null || Roles.Allows(context.User, minimum)) context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
