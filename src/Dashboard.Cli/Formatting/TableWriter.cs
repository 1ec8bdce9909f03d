using System.Globalization;

namespace Dashboard.Cli.Formatting;

/// <summary>Left-aligned columns like Go's tabwriter as the docker CLI configures it (min width 10, padding 3):
/// every column but the last is padded to its widest cell.</summary>
public sealed class TableWriter(params string[] headers)
{
    private const int MinWidth = 10;
    private const int Padding = 3;
    private readonly List<string[]> _rows = [headers];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}", nameof(cells));
        _rows.Add(cells);
    }

    public void WriteTo(TextWriter output)
    {
        var widths = new int[headers.Length];
        foreach (var row in _rows)
            for (var i = 0; i < row.Length; i++)
                widths[i] = Math.Max(widths[i], Math.Max(MinWidth, new StringInfo(row[i]).LengthInTextElements + Padding));
        foreach (var row in _rows)
        {
            var line = new System.Text.StringBuilder();
            for (var i = 0; i < row.Length; i++)
            {
                line.Append(row[i]);
                if (i < row.Length - 1) line.Append(' ', widths[i] - new StringInfo(row[i]).LengthInTextElements);
            }
            output.WriteLine(line.ToString().TrimEnd());
        }
    }
}
