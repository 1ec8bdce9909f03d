using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>Container names, with Docker's rule <c>^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$</c>.</summary>
public static partial class ContainerNames
{
    [GeneratedRegex("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex ValidName();

    public static bool TryValidate(string? name, [NotNullWhen(false)] out string? error)
    {
        error = name is not null && ValidName().IsMatch(name)
            ? null
            : $"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, at least 2 characters";
        return error is null;
    }

    /// <summary>The stored form: without Docker's leading "/".</summary>
    public static string Normalize(string name) => name.StartsWith('/') ? name[1..] : name;
}
