namespace GitStreamSync.Core.Read;

/// <summary>
/// Something wrong with one file, document or tag. Problems are values: the rest of the repository
/// is still processed. Printed as <c>file:line:col: message</c>.
/// </summary>
public sealed record Problem(string FilePath, SourceLocation Location, string Message)
{
    /// <summary>
    /// True for something OpenShift accepts but a reader should know (a document the tool reads
    /// differently from how it looks): reported by <c>validate</c>, never a failure.
    /// </summary>
    public bool IsWarning { get; init; }

    public override string ToString() => $"{FilePath}:{Location.Line}:{Location.Column}: {(IsWarning ? "warning: " : "")}{Message}";
}
