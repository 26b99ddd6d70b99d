using System.Text;

namespace GitStreamSync.Core.Show;

/// <summary>Columns as <c>oc get</c> aligns them (Go's tabwriter, padding 3); the last column is not padded.</summary>
internal static class OcTable
{
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var widths = headers.Select((header, column) => rows.Select(row => row[column].Length).Append(header.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(headers))
        {
            for (var column = 0; column < row.Count; column++)
            {
                text.Append(column == row.Count - 1 ? row[column] : row[column].PadRight(widths[column] + 3));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
