namespace Dashboard.Web.Access;

/// <summary>What a password and a user name must satisfy; one source for the forms and the server.</summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;

    /// <summary>Null when acceptable, else a message a person can act on.</summary>
    public static string? Check(string? password, string? confirmation)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
            return $"The password must have at least {MinimumLength} characters.";
        if (password.Length > 1024) return "The password must have at most 1024 characters.";
        if (confirmation is not null && confirmation != password) return "The two passwords differ.";
        return null;
    }

    public static string? CheckUserName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "Enter a user name.";
        if (name.Length > 64 || !name.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
            return "User names use letters, digits, '.', '-', '_' and '@' (at most 64).";
        return null;
    }
}
