using System.Text.RegularExpressions;

namespace Dashboard.Engine.Networking;

/// <summary>Docker's rule for network names, shared by network create and --network.</summary>
public static partial class NetworkNames
{
    public static bool IsValid(string name) => name.Length is > 0 and <= 128 && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex Pattern();
}
