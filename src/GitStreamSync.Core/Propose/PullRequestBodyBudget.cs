namespace GitStreamSync.Core.Propose;

/// <summary>
/// How much of a pull-request body each part may take. The defaults keep every body within GitHub's
/// 65,536 characters whatever the number of tags; tests render at a small budget to see the cut.
/// </summary>
/// <param name="VisibleCharacters">The text people read: summary, tables, sections and footer.</param>
/// <param name="SectionRows">Rows of the problems, deferred and held sections before "and K more".</param>
/// <param name="MarkerCharacters">The hidden marker (<see cref="PullRequestMarker.Format(int)"/>).</param>
internal sealed record PullRequestBodyBudget(int VisibleCharacters, int SectionRows, int MarkerCharacters)
{
    public static PullRequestBodyBudget Default { get; } = new(60_000, 50, PullRequestMarker.DefaultMaxCharacters);
}
