using System.Security.Cryptography;

namespace Dashboard.Web.Access;

/// <summary>Salted PBKDF2-SHA256 (OWASP 2023: at least 600 000 iterations), stored as "pbkdf2-sha256$iter$salt$hash".</summary>
public static class PasswordHasher
{
    public const int Iterations = 600_000;
    private const string Prefix = "pbkdf2-sha256";

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{Prefix}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix || !int.TryParse(parts[1], out var iterations)) return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the same time as a real check, so unknown user names cannot be told apart by timing.</summary>
    public static void Waste(string password) => Verify(password, DummyHash.Value);

    private static readonly Lazy<string> DummyHash = new(() => Hash("not-a-real-password"));
}
