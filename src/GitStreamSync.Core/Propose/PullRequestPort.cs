using GitStreamSync.Core.Ports;

namespace GitStreamSync.Core.Propose;

/// <summary>
/// How a run reaches its pull requests, as the composition root found it: the hosting service's
/// publisher (null when the run talks to none, with <see cref="Unavailable"/> saying why), and
/// whether the user asked for no pull request.
/// </summary>
internal sealed record PullRequestPort
{
    /// <summary>No hosting service and nothing to say about it (a run that writes nothing).</summary>
    public static PullRequestPort None { get; } = new();

    public IPullRequestPublisher? Publisher { get; init; }

    /// <summary>The hosting service's repository (<c>owner/name</c>), for the report.</summary>
    public string? Repository { get; init; }

    /// <summary>Why there is no publisher, said only when a pull request was wanted (the run pushed something).</summary>
    public string? Unavailable { get; init; }

    /// <summary><c>--no-pull-request</c>: push, but open, update or close no pull request.</summary>
    public bool NoPullRequest { get; init; }

    /// <summary>Why a run that writes opens no pull request at all (sync and rollback alike), or null when it may open one.</summary>
    public string? WhyNone(bool pushToBase, bool dryRun) =>
        NoPullRequest ? "--no-pull-request" : pushToBase ? "--push-to-base" : dryRun ? "dry run" : null;
}
