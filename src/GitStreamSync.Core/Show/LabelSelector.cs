namespace GitStreamSync.Core.Show;

/// <summary>A <c>-l</c> value that Kubernetes' equality-based selector syntax does not accept.</summary>
internal sealed class LabelSelectorFormatException(string message) : FormatException(message);

/// <summary>
/// Kubernetes' equality-based label selector: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k</c>,
/// <c>!k</c>, joined by commas; every requirement must hold.
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> requirements = [];

    private LabelSelector()
    {
    }

    public static LabelSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var selector = new LabelSelector();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0)
            {
                throw new LabelSelectorFormatException($"label selector '{text}' has an empty requirement");
            }

            selector.requirements.Add(Requirement(part, text));
        }

        return selector;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => requirements.All(requirement => requirement(labels));

    private static Func<IReadOnlyDictionary<string, string>, bool> Requirement(string part, string text)
    {
        if (part.Contains("!=", StringComparison.Ordinal))
        {
            var (key, value) = Split(part, "!=", text);
            return labels => !labels.TryGetValue(key, out var actual) || actual != value;
        }

        if (part.Contains('=', StringComparison.Ordinal))
        {
            var (key, value) = Split(part, part.Contains("==", StringComparison.Ordinal) ? "==" : "=", text);
            return labels => labels.TryGetValue(key, out var actual) && actual == value;
        }

        if (part.StartsWith('!'))
        {
            var key = Key(part[1..], text);
            return labels => !labels.ContainsKey(key);
        }

        var present = Key(part, text);
        return labels => labels.ContainsKey(present);
    }

    private static (string Key, string Value) Split(string part, string op, string text)
    {
        var at = part.IndexOf(op, StringComparison.Ordinal);
        return (Key(part[..at], text), part[(at + op.Length)..].Trim());
    }

    private static string Key(string key, string text)
    {
        key = key.Trim();
        return key.Length > 0 && !key.Any(c => char.IsWhiteSpace(c) || c is '=' or '!' or '(' or ')')
            ? key
            : throw new LabelSelectorFormatException($"label selector '{text}': '{key}' is not a label key");
    }
}
