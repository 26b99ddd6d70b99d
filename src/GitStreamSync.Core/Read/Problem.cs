namespace GitStreamSync.Core.Read;

/// <summary>
/// Something wrong with one file, document or tag. Problems are values: the rest of the repository
/// is still processed. Printed as <c>file:line:col: message</c>.
/// </summary>
public sealed record Problem(string FilePath, SourceLocation Location, string Message)
{
    public override string ToString() => $"{FilePath}:{Location.Line}:{Location.Column}: {Message}";
}
