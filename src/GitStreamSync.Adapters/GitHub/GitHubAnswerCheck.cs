using System.Net;
using System.Text.Json;

namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// Checks every successful GitHub answer before Octokit reads it. Octokit reads a 200 whose type is
/// not JSON (a proxy's or a captive portal's HTML page) or whose JSON is an object where a list was
/// asked for as an empty list, and a list of objects without a pull request's fields as pull requests
/// with no branch: the tool would conclude that none of its pull requests is open and open them
/// again. Here such an answer is a <see cref="GitHubAnswerException"/> instead, which the call's
/// retry policy turns into a failure of that repository that names the host.
/// </summary>
internal sealed class GitHubAnswerCheck : DelegatingHandler
{
    // What the tool reads of a pull request; an answer without them is not a pull request.
    private static readonly string[] PullRequestMembers = ["number", "state", "html_url", "head", "base"];

    public GitHubAnswerCheck(HttpMessageHandler inner)
        : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NoContent || request.Method == HttpMethod.Head)
        {
            return response;
        }

        using (response)
        {
            var expected = Expected(request.Method, request.RequestUri);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                throw new GitHubAnswerException($"{(int)response.StatusCode} with {(string.IsNullOrEmpty(mediaType) ? "no content type" : mediaType)} where JSON was expected");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                throw new GitHubAnswerException("not valid JSON");
            }

            using (document)
            {
                if (Problem(document.RootElement, expected) is { } problem)
                {
                    throw new GitHubAnswerException(problem);
                }
            }

            // The answer is read once more by Octokit, from a copy: the checked body, with its headers.
            var copy = new HttpResponseMessage(response.StatusCode)
            {
                Content = new ByteArrayContent(body),
                ReasonPhrase = response.ReasonPhrase,
                RequestMessage = response.RequestMessage,
                Version = response.Version,
            };
            foreach (var header in response.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            foreach (var header in response.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return copy;
        }
    }

    /// <summary>What an answer must be: listings of pull requests are lists of pull requests, adding labels answers the list of labels, the rest are objects.</summary>
    internal static Shape Expected(HttpMethod method, Uri? uri)
    {
        var segments = (uri?.AbsolutePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var last = segments.Length > 0 ? segments[^1] : "";
        var pullRequest = segments.Length >= 2 && (segments[^1] == "pulls" || (segments[^2] == "pulls" && long.TryParse(last, out _)));
        if (method == HttpMethod.Get && last == "pulls")
        {
            return Shape.PullRequestList;
        }

        if (method == HttpMethod.Post && last == "labels")
        {
            return Shape.List;
        }

        return pullRequest ? Shape.PullRequest : Shape.Object;
    }

    private static string? Problem(JsonElement root, Shape expected) => expected switch
    {
        Shape.List => root.ValueKind == JsonValueKind.Array ? null : $"a value of the wrong type: {Kind(root)} where a list was expected",
        Shape.PullRequestList => root.ValueKind != JsonValueKind.Array
            ? $"a value of the wrong type: {Kind(root)} where a list of pull requests was expected"
            : root.EnumerateArray().Select(NotAPullRequest).FirstOrDefault(p => p is not null),
        Shape.PullRequest => root.ValueKind == JsonValueKind.Object ? NotAPullRequest(root) : $"a value of the wrong type: {Kind(root)} where a pull request was expected",
        _ => root.ValueKind == JsonValueKind.Object ? null : $"a value of the wrong type: {Kind(root)} where an object was expected",
    };

    private static string? NotAPullRequest(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return $"a value of the wrong type: {Kind(item)} where a pull request was expected";
        }

        var missing = PullRequestMembers.FirstOrDefault(name => !item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null);
        if (missing is not null)
        {
            return $"a value of the wrong type: a pull request without '{missing}'";
        }

        var number = item.GetProperty("number");
        if (number.ValueKind != JsonValueKind.Number || !number.TryGetInt32(out var n) || n <= 0)
        {
            return "a value of the wrong type: a pull request whose 'number' is not a positive number";
        }

        foreach (var end in new[] { "head", "base" })
        {
            var branch = item.GetProperty(end);
            if (branch.ValueKind != JsonValueKind.Object || !branch.TryGetProperty("ref", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return $"a value of the wrong type: a pull request whose '{end}' names no branch";
            }
        }

        return null;
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    internal enum Shape
    {
        Object,
        List,
        PullRequest,
        PullRequestList,
    }
}

/// <summary>A successful GitHub answer that is not what the API returns; <see cref="Exception.Message"/> says what it was, never quoting it.</summary>
internal sealed class GitHubAnswerException(string reason) : Exception(reason);
