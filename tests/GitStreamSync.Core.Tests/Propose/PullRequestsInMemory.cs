using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>
/// The pull-request port as the propose stage sees it, kept in memory: one open pull request per head
/// branch, published again in place, closed with a comment. The GitHub adapter behind the same port is
/// tested against the loopback GitHub stand-in (Adapters.Tests/GitHub); these tests are about which
/// pull requests the stage decides to open, update, keep or close.
/// </summary>
internal sealed class PullRequestsInMemory : IPullRequestPublisher
{
    private readonly List<ToolPullRequest> _pullRequests = [];
    private int _next = 1;

    public List<PullRequestDraft> Published { get; } = [];

    public List<(string HeadBranch, string Comment)> Closed { get; } = [];

    /// <summary>Thrown by every call when set: a run-level failure of the hosting service.</summary>
    public PullRequestPublishException? Failure { get; set; }

    public IReadOnlyList<ToolPullRequest> PullRequests => _pullRequests;

    /// <summary>An open pull request of the tool, as an earlier run left it.</summary>
    public ToolPullRequest Open(string headBranch, PullRequestMarker marker, string baseBranch = "main", ToolPullRequestState state = ToolPullRequestState.Open)
    {
        var number = _next++;
        var pullRequest = new ToolPullRequest(number, Url(number), headBranch, baseBranch, state, null, marker);
        _pullRequests.Add(pullRequest);
        return pullRequest;
    }

    public Task<PublishedPullRequest> PublishAsync(PullRequestDraft draft, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Published.Add(draft);
        var marker = PullRequestMarker.Parse(draft.Body);
        var index = _pullRequests.FindIndex(p => p.State == ToolPullRequestState.Open && p.HeadBranch == draft.HeadBranch);
        if (index >= 0)
        {
            var existing = _pullRequests[index];
            var same = existing.Marker.Equals(marker);
            _pullRequests[index] = existing with { Marker = marker };
            return Task.FromResult(new PublishedPullRequest(same ? PullRequestOutcome.Unchanged : PullRequestOutcome.Updated, existing.Number, existing.Url, draft.HeadBranch));
        }

        var created = Open(draft.HeadBranch, marker, draft.BaseBranch);
        return Task.FromResult(new PublishedPullRequest(PullRequestOutcome.Created, created.Number, created.Url, draft.HeadBranch));
    }

    public Task<ToolPullRequest?> CloseAsync(string headBranch, string comment, PullRequestOwnership ownership, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        var index = _pullRequests.FindIndex(p => p.State == ToolPullRequestState.Open && p.HeadBranch == headBranch);
        if (index < 0)
        {
            return Task.FromResult<ToolPullRequest?>(null);
        }

        Closed.Add((headBranch, comment));
        var closed = _pullRequests[index] with { State = ToolPullRequestState.ClosedByTool, Marker = _pullRequests[index].Marker with { ClosedByTool = true } };
        _pullRequests[index] = closed;
        return Task.FromResult<ToolPullRequest?>(closed);
    }

    public Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, CancellationToken cancellationToken) =>
        ListToolPullRequestsAsync(ownership, ClosedPullRequestWindow.Recent, cancellationToken);

    public Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, ClosedPullRequestWindow closed, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return Task.FromResult<IReadOnlyList<ToolPullRequest>>([.. _pullRequests]);
    }

    private void ThrowIfFailing()
    {
        if (Failure is not null)
        {
            throw Failure;
        }
    }

    private static Uri Url(int number) => new($"https://github.example/acme/images/pull/{number}");
}
