using System.Collections;
using System.Reflection;

namespace Dashboard.Data.Tests;

/// <summary>Property-by-property comparison: records compare lists by reference, which says nothing after a round trip.</summary>
public static class DeepAssert
{
    public static void Equal(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }
        var type = expected.GetType();
        if (IsScalar(type))
        {
            Assert.True(Equals(expected, actual), $"{path}: expected {expected}, got {actual}");
            if (expected is DateTimeOffset e && actual is DateTimeOffset a)
                Assert.True(e.UtcTicks == a.UtcTicks, $"{path}: ticks differ");
            return;
        }
        if (expected is IDictionary expectedMap)
        {
            var actualMap = Assert.IsAssignableFrom<IDictionary>(actual);
            Assert.True(expectedMap.Count == actualMap.Count, $"{path}: expected {expectedMap.Count} entries, got {actualMap.Count}");
            foreach (DictionaryEntry entry in expectedMap)
            {
                Assert.True(actualMap.Contains(entry.Key), $"{path}: missing key {entry.Key}");
                Equal(entry.Value, actualMap[entry.Key], $"{path}[{entry.Key}]");
            }
            return;
        }
        if (expected is IEnumerable expectedItems)
        {
            var e = expectedItems.Cast<object?>().ToList();
            var a = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
            Assert.True(e.Count == a.Count, $"{path}: expected {e.Count} items, got {a.Count}");
            for (var i = 0; i < e.Count; i++)
                Equal(e[i], a[i], $"{path}[{i}]");
            return;
        }
        foreach (var property in SettableProperties(type))
            Equal(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
    }

    /// <summary>Fails when a settable property of the sample still has its default value (null, 0, false, empty).</summary>
    public static void EveryMemberIsSet(object sample, string path = "$")
    {
        foreach (var property in SettableProperties(sample.GetType()))
        {
            var value = property.GetValue(sample);
            var where = $"{path}.{property.Name}";
            Assert.True(value is not null, $"{where} is null in the sample: set it so the round trip covers it");
            var type = value.GetType();
            if (type.IsValueType)
                Assert.True(!value.Equals(Activator.CreateInstance(type)), $"{where} has its default value in the sample");
            else if (value is IEnumerable items and not string)
                Assert.True(items.Cast<object>().Any(), $"{where} is empty in the sample");
            if (!IsScalar(type) && value is not IEnumerable)
                EveryMemberIsSet(value, where);
        }
    }

    private static IEnumerable<PropertyInfo> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null && p.GetIndexParameters().Length == 0);

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) ||
        type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(TimeSpan) || type == typeof(Guid);
}
