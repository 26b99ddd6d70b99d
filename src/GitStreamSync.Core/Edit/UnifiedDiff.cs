using System.Globalization;
using System.Text;

namespace GitStreamSync.Core.Edit;

/// <summary>
/// A unified diff (<c>diff -u</c> / <c>git diff</c> shape, 3 lines of context) of two texts, for
/// <c>--dry-run</c> and <c>plan -o diff</c>, byte for byte what <c>git apply</c> takes (CR kept). Status edits touch one block per stream, so the common prefix and suffix are
/// cut first and the remaining middle is compared by longest common subsequence.
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;
    private const long MaxCells = 4_000_000;

    public static string Create(string path, string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var a = SplitLines(oldText);
        var b = SplitLines(newText);
        var ops = Compare(a, b);
        if (ops.All(o => o.Kind == ' '))
        {
            return "";
        }

        var output = new StringBuilder();
        output.Append(CultureInfo.InvariantCulture, $"--- a/{path}\n+++ b/{path}\n");
        foreach (var (start, end) in Hunks(ops))
        {
            var oldStart = ops.Take(start).Count(o => o.Kind != '+') + 1;
            var newStart = ops.Take(start).Count(o => o.Kind != '-') + 1;
            var slice = ops.Skip(start).Take(end - start).ToList();
            var oldCount = slice.Count(o => o.Kind != '+');
            var newCount = slice.Count(o => o.Kind != '-');
            output.Append(CultureInfo.InvariantCulture, $"@@ -{Range(oldStart, oldCount)} +{Range(newStart, newCount)} @@\n");
            foreach (var op in slice)
            {
                // Only the '\n' is the diff's own: a CR LF file keeps its CR on every line, as git
                // diff prints it, or git apply finds no line to match.
                output.Append(op.Kind).Append(op.Line.EndsWith('\n') ? op.Line.AsSpan(0, op.Line.Length - 1) : op.Line).Append('\n');
                if (!op.Line.EndsWith('\n'))
                {
                    output.Append("\\ No newline at end of file\n");
                }
            }
        }

        return output.ToString();
    }

    private static string Range(int start, int count) => count == 1
        ? start.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{(count == 0 ? start - 1 : start)},{count}");

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    private static List<(char Kind, string Line)> Compare(List<string> a, List<string> b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var ops = a.Take(prefix).Select(l => (' ', l)).ToList();
        var midA = a.Skip(prefix).Take(a.Count - prefix - suffix).ToList();
        var midB = b.Skip(prefix).Take(b.Count - prefix - suffix).ToList();
        ops.AddRange((long)midA.Count * midB.Count <= MaxCells ? Lcs(midA, midB) : midA.Select(l => ('-', l)).Concat(midB.Select(l => ('+', l))));
        ops.AddRange(a.Skip(a.Count - suffix).Select(l => (' ', l)));
        return ops;
    }

    private static IEnumerable<(char, string)> Lcs(List<string> a, List<string> b)
    {
        var lengths = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y])
            {
                yield return (' ', a[x]);
                x++;
                y++;
            }
            else if (x < a.Count && (y == b.Count || lengths[x + 1, y] >= lengths[x, y + 1]))
            {
                yield return ('-', a[x++]);
            }
            else
            {
                yield return ('+', b[y++]);
            }
        }
    }

    // Groups changed lines with their context; changes closer than twice the context share a hunk.
    private static List<(int Start, int End)> Hunks(List<(char Kind, string Line)> ops)
    {
        var hunks = new List<(int Start, int End)>();
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].Kind == ' ')
            {
                continue;
            }

            var start = Math.Max(0, i - Context);
            var end = Math.Min(ops.Count, i + 1 + Context);
            if (hunks.Count > 0 && start <= hunks[^1].End)
            {
                hunks[^1] = (hunks[^1].Start, end);
            }
            else
            {
                hunks.Add((start, end));
            }
        }

        return hunks;
    }
}
