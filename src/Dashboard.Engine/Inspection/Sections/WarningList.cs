namespace Dashboard.Engine.Inspection.Sections;

/// <summary>The report's warnings, added to by sections that run concurrently.</summary>
internal sealed class WarningList
{
    private readonly List<string> _items = [];

    public void Add(string warning)
    {
        lock (_items) _items.Add(warning);
    }

    public IReadOnlyList<string> ToList()
    {
        lock (_items) return _items.ToList();
    }
}
