namespace GitStreamSync.Core.Render;

/// <summary>Replacements in one text, by offset; applied from the end so earlier offsets stay valid.</summary>
internal sealed class TextSplice(string text)
{
    private readonly List<(int Start, int End, string Text)> edits = [];

    public string Text { get; } = text;

    public void Replace(int start, int end, string replacement) => edits.Add((start, end, replacement));

    public void Insert(int at, string insertion) => edits.Add((at, at, insertion));

    /// <summary>The text of [<paramref name="start"/>, <paramref name="end"/>) with the edits inside it applied.</summary>
    public string Apply(int start, int end)
    {
        var result = new System.Text.StringBuilder(Text, start, end - start, end - start + 256);
        foreach (var edit in edits.Where(e => e.Start >= start && e.End <= end).OrderByDescending(e => e.Start).ThenByDescending(e => e.End))
        {
            result.Remove(edit.Start - start, edit.End - edit.Start).Insert(edit.Start - start, edit.Text);
        }

        return result.ToString();
    }
}
