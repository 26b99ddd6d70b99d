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
        var output = new StringBuilder();
        AppendTo(output, path, oldText, newText);
        return output.ToString();
    }

    /// <summary>The diff <see cref="Create"/> gives, appended to <paramref name="output"/> (nothing when the texts are the same).</summary>
    public static void AppendTo(StringBuilder output, string path, string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var a = new Text(oldText, SplitLines(oldText));
        var b = new Text(newText, SplitLines(newText));
        var ops = Compare(a, b);
        if (ops.TrueForAll(o => o.Kind == ' '))
        {
            return;
        }

        output.Append(CultureInfo.InvariantCulture, $"--- a/{path}\n+++ b/{path}\n");
        var (oldLine, newLine, at) = (1, 1, 0);
        foreach (var (start, end) in Hunks(ops))
        {
            for (; at < start; at++)
            {
                Count(ops[at], ref oldLine, ref newLine);
            }

            var (oldStart, newStart) = (oldLine, newLine);
            for (; at < end; at++)
            {
                Count(ops[at], ref oldLine, ref newLine);
            }

            output.Append(CultureInfo.InvariantCulture, $"@@ -{Range(oldStart, oldLine - oldStart)} +{Range(newStart, newLine - newStart)} @@\n");
            for (var index = start; index < end; index++)
            {
                // Only the '\n' is the diff's own: a CR LF file keeps its CR on every line, as git
                // diff prints it, or git apply finds no line to match.
                var op = ops[index];
                var line = (op.Kind == '+' ? b : a).Line(op.Line);
                var ended = line.EndsWith('\n');
                output.Append(op.Kind).Append(ended ? line[..^1] : line).Append('\n');
                if (!ended)
                {
                    output.Append("\\ No newline at end of file\n");
                }
            }
        }
    }

    private static void Count(Op op, ref int oldLine, ref int newLine)
    {
        oldLine += op.Kind != '+' ? 1 : 0;
        newLine += op.Kind != '-' ? 1 : 0;
    }

    private static string Range(int start, int count) => count == 1
        ? start.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{(count == 0 ? start - 1 : start)},{count}");

    /// <summary>
    /// A text and where each of its lines starts, its line break included; lines are compared in
    /// place, so a diff copies no line but those it prints.
    /// </summary>
    private readonly record struct Text(string Value, List<int> Starts)
    {
        public int Count => Starts.Count - 1;

        public ReadOnlySpan<char> Line(int index) => Value.AsSpan(Starts[index], Starts[index + 1] - Starts[index]);

        public bool Same(int index, Text other, int otherIndex) => Line(index).SequenceEqual(other.Line(otherIndex));
    }

    /// <summary>A line of the diff: <see cref="Kind"/> ' ' or '-' for a line of the old text, '+' of the new.</summary>
    private readonly record struct Op(char Kind, int Line);

    /// <summary>The start of every line, then the text's length.</summary>
    private static List<int> SplitLines(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        if (starts[^1] < text.Length)
        {
            starts.Add(text.Length);
        }

        return starts;
    }

    private static List<Op> Compare(Text a, Text b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a.Same(prefix, b, prefix))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a.Same(a.Count - 1 - suffix, b, b.Count - 1 - suffix))
        {
            suffix++;
        }

        var ops = new List<Op>(a.Count + b.Count - prefix - suffix);
        for (var line = 0; line < prefix; line++)
        {
            ops.Add(new Op(' ', line));
        }

        var (midA, midB) = (a.Count - prefix - suffix, b.Count - prefix - suffix);
        if ((long)midA * midB <= MaxCells)
        {
            Lcs(a, b, prefix, midA, midB, ops);
        }
        else
        {
            for (var line = 0; line < midA; line++)
            {
                ops.Add(new Op('-', prefix + line));
            }

            for (var line = 0; line < midB; line++)
            {
                ops.Add(new Op('+', prefix + line));
            }
        }

        for (var line = a.Count - suffix; line < a.Count; line++)
        {
            ops.Add(new Op(' ', line));
        }

        return ops;
    }

    /// <summary>The middle lines, <paramref name="countA"/> of the old text and <paramref name="countB"/> of the new, both from <paramref name="from"/>.</summary>
    private static void Lcs(Text a, Text b, int from, int countA, int countB, List<Op> ops)
    {
        var lengths = new int[countA + 1, countB + 1];
        for (var i = countA - 1; i >= 0; i--)
        {
            for (var j = countB - 1; j >= 0; j--)
            {
                lengths[i, j] = a.Same(from + i, b, from + j) ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < countA || y < countB)
        {
            if (x < countA && y < countB && a.Same(from + x, b, from + y))
            {
                ops.Add(new Op(' ', from + x));
                x++;
                y++;
            }
            else if (x < countA && (y == countB || lengths[x + 1, y] >= lengths[x, y + 1]))
            {
                ops.Add(new Op('-', from + x++));
            }
            else
            {
                ops.Add(new Op('+', from + y++));
            }
        }
    }

    // Groups changed lines with their context; changes closer than twice the context share a hunk.
    private static List<(int Start, int End)> Hunks(List<Op> ops)
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
