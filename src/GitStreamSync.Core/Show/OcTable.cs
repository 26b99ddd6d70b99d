using System.Text;

namespace GitStreamSync.Core.Show;

/// <summary>Columns as <c>oc get</c> aligns them (Go's tabwriter, padding 3); the last column is not padded.</summary>
internal static class OcTable
{
    /// <param name="namespaces">When given, a NAMESPACE column first, one value per row (<c>oc get -A</c>).</param>
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<string>? namespaces = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (namespaces is not null)
        {
            headers = [.. headers.Prepend("NAMESPACE")];
            rows = [.. rows.Select((row, i) => (IReadOnlyList<string>)[.. row.Prepend(namespaces[i])])];
        }

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
