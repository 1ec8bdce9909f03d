namespace Dashboard.Engine.Containers;

/// <summary>
/// How a reference names a container, the way Docker resolves it: the full id, then the exact name (with or without
/// "/"), then a unique id prefix. One rule for the engine's table and for the fakes of the layers above it.
/// </summary>
public static class ContainerReference
{
    /// <summary>The container <paramref name="reference"/> names among <paramref name="all"/>, or null.</summary>
    /// <param name="byId">The container with exactly this id, or null (a dictionary lookup).</param>
    /// <exception cref="AmbiguousReferenceException">The reference is a prefix of more than one id.</exception>
    public static T? Find<T>(string reference, Func<string, T?> byId, IEnumerable<T> all, Func<T, ContainerRecord> record) where T : class
    {
        if (string.IsNullOrWhiteSpace(reference)) return null;
        if (byId(reference) is { } exact) return exact;
        var name = reference.TrimStart('/');
        if (all.FirstOrDefault(c => record(c).Name == name) is { } named) return named;
        T? match = null;
        foreach (var candidate in all)
        {
            if (!record(candidate).Id.StartsWith(reference, StringComparison.Ordinal)) continue;
            if (match is not null) throw new AmbiguousReferenceException(reference);
            match = candidate;
        }
        return match;
    }
}
