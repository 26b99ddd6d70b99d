using System.Text.Json;
using System.Text.RegularExpressions;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// One page of a <c>tags/list</c> answer (<c>{"name": "...", "tags": ["..."]}</c>, tags may be null)
/// and its <c>Link</c> header, read as outside input: anything else is described, never quoted.
/// </summary>
internal static partial class TagListPage
{
    public static (IReadOnlyList<string> Tags, string? Problem) Read(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ([], $"JSON that is not an object ({root.ValueKind})");
            }

            if (!root.TryGetProperty("tags", out var tags) || tags.ValueKind == JsonValueKind.Null)
            {
                // Distribution answers "tags": null for a repository without tags.
                return ([], null);
            }

            if (tags.ValueKind != JsonValueKind.Array)
            {
                return ([], $"\"tags\" that is not a list ({tags.ValueKind})");
            }

            var list = new List<string>(tags.GetArrayLength());
            foreach (var tag in tags.EnumerateArray())
            {
                if (tag.ValueKind != JsonValueKind.String)
                {
                    return ([], $"a tag that is not a string ({tag.ValueKind})");
                }

                list.Add(tag.GetString()!);
            }

            return (list, null);
        }
        catch (JsonException)
        {
            return ([], "bytes that are not JSON");
        }
    }

    /// <summary>The target of the <c>rel="next"</c> link, as written, or null.</summary>
    public static string? NextLink(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        foreach (Match link in LinkValue().Matches(header))
        {
            if (NextRelation().IsMatch(link.Groups["params"].Value))
            {
                return link.Groups["target"].Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The next page's address, relative links resolved against the current page; null unless it is on
    /// the same scheme and host as the first page and asks the same repository's tag list.
    /// </summary>
    public static Uri? CheckNext(Uri first, Uri current, string link)
    {
        if (!Uri.TryCreate(current, link, out var next))
        {
            return null;
        }

        return next.Scheme == first.Scheme
            && string.Equals(next.Authority, first.Authority, StringComparison.OrdinalIgnoreCase)
            && next.AbsolutePath == first.AbsolutePath
            && next.UserInfo.Length == 0
            && next.Fragment.Length == 0
            ? next
            : null;
    }

    [GeneratedRegex(@"<(?<target>[^>]*)>(?<params>[^,<]*)", RegexOptions.CultureInvariant)]
    private static partial Regex LinkValue();

    [GeneratedRegex(@";\s*rel\s*=\s*""?([^"";]*\s)?next(\s[^"";]*)?""?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NextRelation();
}
