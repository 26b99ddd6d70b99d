using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// One repository of a run over many (<c>repositories:</c> in the file given with <c>--config</c>,
/// or a URL on the command line). The repository keeps its own <c>.gitstreamsync.yaml</c>; the
/// entry's overrides win over it, as <c>--base</c> and <c>--branch</c> do for a single repository.
/// </summary>
/// <param name="Url">A Git URL, a bare repository or a working copy; never with credentials.</param>
/// <param name="BaseBranch"><c>baseBranch</c>: the branch pull requests target (null: the repository's setting, else its default branch).</param>
/// <param name="Branch"><c>branch</c>: the tool's branch (null: the repository's setting, else <c>gitstreamsync/&lt;base&gt;</c>).</param>
/// <param name="Paths"><c>paths</c>: which files hold ImageStreams, instead of the repository's own <c>paths</c> (null: the repository's).</param>
/// <param name="Location">Where the entry is written, for messages about it.</param>
public sealed record RepositoryEntry(string Url, string? BaseBranch = null, string? Branch = null, IReadOnlyList<string>? Paths = null, SourceLocation? Location = null)
{
    /// <summary>The entry of a URL given on the command line: no overrides.</summary>
    public static RepositoryEntry Of(string url) => new(url);
}

/// <summary>What <c>repositories:</c> said (null when the file has no such key: it holds one repository's settings), and what was wrong in it.</summary>
internal sealed record RepositoryListReadResult(IReadOnlyList<RepositoryEntry>? Repositories, IReadOnlyList<Problem> Problems);
