using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Edit;

/// <summary>The status one stream should have; <see cref="Document"/> is the stream as read from the file being edited.</summary>
internal sealed record StatusChange(ImageStreamDocument Document, ImageStreamStatus NewStatus);

/// <summary>
/// What <see cref="StatusEditor.Edit"/> gives back: the file's new text, or a refusal. A refusal
/// leaves the file as it is; the caller reports it as a problem for that file.
/// </summary>
internal sealed record StatusEditResult
{
    private StatusEditResult(string? text, Problem? refusal, bool changed)
    {
        Text = text;
        Refusal = refusal;
        Changed = changed;
    }

    /// <summary>The new text, or null when the edit was refused.</summary>
    public string? Text { get; }

    public Problem? Refusal { get; }

    /// <summary>True when <see cref="Text"/> differs from the original.</summary>
    public bool Changed { get; }

    public bool IsRefused => Refusal is not null;

    public static StatusEditResult Edited(string original, string text) => new(text, null, !string.Equals(original, text, StringComparison.Ordinal));

    public static StatusEditResult Refused(Problem refusal) => new(null, refusal, false);
}
