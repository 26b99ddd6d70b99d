namespace GitStreamSync.Testing.GitHub;

public sealed partial class GitHubFake
{
    /// <summary>
    /// Puts a pull request straight into the fake's state, as if it had been opened (and, with
    /// <paramref name="closedAt"/>, closed unmerged by a person) long ago: hundreds cost no request.
    /// </summary>
    public GitHubFakePullRequest SeedPullRequest(
        string fullName, string head, string baseBranch, string title, string body, string author, DateTimeOffset createdAt, DateTimeOffset? closedAt)
    {
        lock (Gate)
        {
            var repo = _repositories[fullName];
            var pr = new GitHubFakePullRequest
            {
                Id = NextId(),
                Number = repo.PullRequests.Count + 1,
                Head = head,
                Base = baseBranch,
                Title = title,
                Body = body,
                Author = author,
                State = closedAt is null ? "open" : "closed",
                CreatedAt = createdAt,
                UpdatedAt = closedAt ?? createdAt,
                ClosedAt = closedAt,
            };
            repo.PullRequests.Add(pr);
            return pr;
        }
    }
}
