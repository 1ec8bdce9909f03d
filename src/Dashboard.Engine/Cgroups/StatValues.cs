using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Dashboard.Engine.Cgroups;

/// <summary>
/// memory.stat as a read-only dictionary backed by two arrays: the key strings are shared between samples of the same
/// container (the kernel writes the same keys in the same order), so a sample allocates only its values. Lookups are
/// linear, which beats hashing for the ~40 short keys the file has.
/// </summary>
internal sealed class StatValues(string[] keys, ulong[] values, int count) : IReadOnlyDictionary<string, ulong>
{
    public static readonly StatValues Empty = new([], [], 0);

    public int Count => count;

    public ulong this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => keys.Take(count);

    public IEnumerable<ulong> Values => values.Take(count);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out ulong value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? values[index] : 0;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, ulong>> GetEnumerator()
    {
        for (var i = 0; i < count; i++) yield return new(keys[i], values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < count; i++)
            if (string.Equals(keys[i], key, StringComparison.Ordinal)) return i;
        return -1;
    }
}
