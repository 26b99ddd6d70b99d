using GitStreamSync.Core.Ports;
using System.Collections.Concurrent;
using GitStreamSync.Adapters.Registry.Transport;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// <see cref="IRepositoryTagLister"/>: <c>GET /v2/NAME/tags/list</c>, then each <c>Link: &lt;...&gt;; rel="next"</c>
/// (one request a page), on the mirrors in order and then the source, as for digests. The answer is
/// outside input (<see cref="TagListPage"/>): a page that is not the documented JSON, a Link to another
/// host or another repository, a Link seen before, more pages or tags than the limits of
/// <see cref="RegistryClientOptions"/>: each fails that repository's listing with a named reason.
/// </summary>
internal sealed partial class OciRegistryClient : IRepositoryTagLister
{
    public async Task<IReadOnlyDictionary<TagListRequest, TagListing>> ListTagsAsync(IReadOnlyCollection<TagListRequest> requests, CancellationToken cancellationToken)
    {
        MarkRunStart();
        using var deadline = options.RunDeadline is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var state = new RunState(transport, new Auth.RegistryCredentialStore(environment, logger), time, options);
        var distinct = requests.Distinct().ToList();
        var results = new ConcurrentDictionary<TagListRequest, TagListing>();
        await Parallel.ForEachAsync(
            distinct,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(options.MaxParallelReferences, 16), CancellationToken = cancellationToken },
            async (request, _) => results[request] = await ListOneAsync(state, request, run.Token, cancellationToken));
        return distinct.ToDictionary(r => r, r => results[r]);
    }

    private async Task<TagListing> ListOneAsync(RunState state, TagListRequest request, CancellationToken run, CancellationToken caller)
    {
        var written = request.Repository.ToString();
        try
        {
            run.ThrowIfCancellationRequested();
            var contact = request.Repository.ToContact();
            var endpoints = RegistryEndpoint.For(contact.Host, contact.EndpointHost, request.Insecure, options.Registries);
            foreach (var endpoint in endpoints.Where(e => e.Insecure))
            {
                insecureTlsHosts.TryAdd(endpoint.Candidates[0].Host, 0);
            }

            RegistryRequestException? mirrorFailure = null;
            foreach (var endpoint in endpoints)
            {
                try
                {
                    var probed = await state.Authenticator.ProbeAsync(endpoint, run);
                    return TagListing.Listed(await ReadPagesAsync(state, probed, contact.Repository, run));
                }
                catch (RegistryRequestException e) when (endpoint.IsMirror && e.Kind is not (ResolutionFailureKind.Deferred or ResolutionFailureKind.RateLimited))
                {
                    logger.LogDebug("mirror {Mirror} failed to list {Repository} ({Kind}); trying the next", endpoint.Display, written, e.Kind);
                    mirrorFailure = e;
                }
            }

            throw mirrorFailure ?? new RegistryRequestException(ResolutionFailureKind.Unreachable, "no endpoint to ask");
        }
        catch (RegistryRequestException e)
        {
            logger.LogDebug("{Repository}: tags not listed ({Kind})", written, e.Kind);
            return TagListing.Failed(new ResolutionFailed(e.Kind, $"{written}: {e.Message}"));
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return TagListing.Failed(new ResolutionFailed(ResolutionFailureKind.Deferred, $"{written}: deferred: the run's registry deadline of {options.RunDeadline?.TotalSeconds:0} s was reached first"));
        }
    }

    private async Task<IReadOnlyList<string>> ReadPagesAsync(RunState state, Auth.EndpointState endpoint, string repository, CancellationToken cancellationToken)
    {
        var authority = endpoint.BaseUri.Authority;
        var first = new Uri($"{endpoint.BaseUri.AbsoluteUri.TrimEnd('/')}/v2/{repository}/tags/list{(options.TagsPageSize is { } n ? $"?n={n}" : "")}");
        var visited = new HashSet<string>(StringComparer.Ordinal) { first.PathAndQuery };
        var tags = new List<string>();
        var uri = first;
        for (var page = 1; ; page++)
        {
            var answer = await state.Fetcher.GetTagsPageAsync(endpoint, repository, uri, options.MaxTagPageBytes, cancellationToken);
            var read = TagListPage.Read(answer.Body ?? []);
            if (read.Problem is { } problem)
            {
                throw new RegistryRequestException(ResolutionFailureKind.InvalidResponse, $"{authority} answered the tag list of page {page} with {problem}");
            }

            tags.AddRange(read.Tags);
            if (tags.Count > options.MaxListedTags)
            {
                throw new RegistryRequestException(ResolutionFailureKind.InvalidResponse, $"{authority} listed more than {options.MaxListedTags} tags; the rest is not read");
            }

            if (TagListPage.NextLink(answer.Link) is not { } link)
            {
                return tags;
            }

            var next = TagListPage.CheckNext(first, uri, link)
                ?? throw new RegistryRequestException(ResolutionFailureKind.InvalidResponse, $"{authority} sent a tag list Link that leads to another host or repository");
            if (!visited.Add(next.PathAndQuery))
            {
                throw new RegistryRequestException(ResolutionFailureKind.InvalidResponse, $"{authority} sent a tag list Link back to a page already read (a loop)");
            }

            if (page >= options.MaxTagPages)
            {
                throw new RegistryRequestException(ResolutionFailureKind.InvalidResponse, $"{authority} sent more than {options.MaxTagPages} pages of tags; the rest is not read");
            }

            uri = next;
        }
    }
}
