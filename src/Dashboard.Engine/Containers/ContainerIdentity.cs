using System.Security.Cryptography;

namespace Dashboard.Engine.Containers;

/// <summary>Ids and generated names. Ids are 64 hex characters like Docker's: the docker CLI slices [:12].</summary>
internal static class ContainerIdentity
{
    private static readonly string[] s_adjectives =
    [
        "agile", "bold", "brave", "calm", "clever", "eager", "fervent", "gallant", "happy", "jolly", "keen", "lucid",
        "merry", "nimble", "quiet", "sharp", "steady", "tender", "vivid", "wise", "zealous", "amazing", "busy", "cool",
    ];

    private static readonly string[] s_nouns =
    [
        "babbage", "curie", "dijkstra", "euler", "feynman", "gauss", "hopper", "johnson", "knuth", "lovelace",
        "meitner", "noether", "pascal", "ritchie", "shannon", "thompson", "turing", "volhard", "wozniak", "yonath",
    ];

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>True for what <see cref="NewId"/> makes: 64 lower-case hex characters.</summary>
    public static bool IsId(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigitLower);

    public static string Generate(Func<string, bool> taken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = $"{s_adjectives[Random.Shared.Next(s_adjectives.Length)]}_{s_nouns[Random.Shared.Next(s_nouns.Length)]}";
            if (attempt > 10) name += Random.Shared.Next(100, 1000);
            if (!taken(name)) return name;
        }
    }
}
