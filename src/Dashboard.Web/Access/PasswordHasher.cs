using System.Security.Cryptography;

namespace Dashboard.Web.Access;

/// <summary>How passwords are hashed and checked. An interface only so that tests can count the hash work a login
/// does (every login path must do the same, see <see cref="AccessService.LoginAsync"/>).</summary>
public interface IPasswordHasher
{
    string Hash(string password);
    bool Verify(string password, string stored);
}

/// <summary>Salted PBKDF2-SHA256 (OWASP 2023: at least 600 000 iterations), stored as "pbkdf2-sha256$iter$salt$hash".</summary>
public sealed class PasswordHasher : IPasswordHasher
{
    public const int Iterations = 600_000;
    private const string Prefix = "pbkdf2-sha256";

    public static readonly PasswordHasher Instance = new();

    /// <summary>A hash of no one's password with the same cost as a real one: checked against when the user name is
    /// unknown, so that path costs what a known user's does.</summary>
    public static string DummyHash => Dummy.Value;

    private static readonly Lazy<string> Dummy = new(() => HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    string IPasswordHasher.Hash(string password) => HashPassword(password);
    bool IPasswordHasher.Verify(string password, string stored) => Verify(password, stored);

    public static string HashPassword(string password)
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
}
