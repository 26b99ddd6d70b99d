using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace GitStreamSync.Core.Rollback;

/// <summary>
/// What <c>rollback</c> is asked for: <c>STREAM:TAG</c> (STREAM may be <c>FILE#STREAM</c> when two
/// files define the same name) and the item to go back to: <see cref="To"/> (a full digest or a hex
/// prefix of at least <see cref="MinimumPrefix"/> characters) or <see cref="Steps"/> back (items[N]).
/// </summary>
public sealed record RollbackTarget(string Stream, string Tag)
{
    /// <summary>Short ids like <c>git log --oneline</c> shows; shorter prefixes match too much by chance.</summary>
    public const int MinimumPrefix = 7;

    public string? To { get; init; }

    /// <summary>How many items back; used when <see cref="To"/> is null. 1 is the item before the current one.</summary>
    public int Steps { get; init; } = 1;

    public static RollbackTarget Parse(string text) =>
        TryParse(text, out var target, out var error) ? target : throw new RollbackTargetFormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out RollbackTarget? target, out string error)
    {
        target = null;
        // Tags hold no ':', file paths may: the tag is after the last one.
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1 || text.EndsWith('#') || text[..colon].EndsWith('#'))
        {
            error = $"'{text}' is not STREAM:TAG (or FILE#STREAM:TAG), e.g. myubuntu:16.04";
            return false;
        }

        target = new RollbackTarget(text[..colon], text[(colon + 1)..]);
        error = "";
        return true;
    }

    public override string ToString() => To is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Stream}:{Tag} --steps {Steps}")
        : $"{Stream}:{Tag} --to {To}";
}

public sealed class RollbackTargetFormatException(string message) : FormatException(message);
