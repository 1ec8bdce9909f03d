namespace Dashboard.Web.Access;

/// <summary>Settings' actions: users, roles, passwords and API tokens, for admins. <see cref="AccessService"/> applies
/// the rules (last admin, password length) and writes the audit records with the circuit's user as the actor.</summary>
public sealed partial class UiActions
{
    private AccessService Access => services.GetRequiredService<AccessService>();

    public async Task CreateUserAsync(string userName, string role, string password, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ManageAccess);
        await Access.CreateUserAsync(user, userName, role, password, cancellationToken);
    }

    public async Task SetRoleAsync(long userId, string role, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ManageAccess);
        await Access.SetRoleAsync(user, userId, role, cancellationToken);
    }

    public async Task SetPasswordAsync(long userId, string password, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ManageAccess);
        await Access.SetPasswordAsync(user, userId, password, null, cancellationToken);
    }

    public async Task DeleteUserAsync(long userId, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ManageAccess);
        await Access.DeleteUserAsync(user, userId, cancellationToken);
    }

    /// <summary>Returns the token's secret, shown once.</summary>
    public async Task<string> CreateTokenAsync(string name, string role, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ManageAccess);
        return await Access.CreateTokenAsync(user, name, role, cancellationToken);
    }

    public async Task RevokeTokenAsync(long tokenId, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ManageAccess);
        await Access.RevokeTokenAsync(user, tokenId, cancellationToken);
    }
}
