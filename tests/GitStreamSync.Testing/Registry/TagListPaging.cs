using System.Text.Json;

namespace GitStreamSync.Testing.Registry;

/// <summary>
/// Distribution 3's paging of <c>GET /v2/NAME/tags/list?n=N&amp;last=TAG</c>, laid over the answer of
/// Debian's docker-registry 2.8, which ignores <c>n</c> and sends every tag at once: the tags sorted,
/// those after <c>last</c>, at most <c>n</c>, and <c>Link: &lt;/v2/NAME/tags/list?last=..&amp;n=..&gt;; rel="next"</c>
/// while more remain. Docker Hub, Quay and GHCR page the same way. For <see cref="RegistryFaultProxy.Rewrite"/>.
/// </summary>
public static class TagListPaging
{
    public static LoopbackResponse Page(LoopbackRequest request, LoopbackResponse answer) => PageBy(null)(request, answer);

    /// <summary>Pages as <see cref="Page"/>, and a request without <c>n</c> by <paramref name="defaultSize"/> (Quay sends 50 a page unless asked otherwise).</summary>
    public static Func<LoopbackRequest, LoopbackResponse, LoopbackResponse> PageBy(int? defaultSize) => (request, answer) =>
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        var query = request.Query();
        var n = query.TryGetValue("n", out var nText) && int.TryParse(nText, out var asked) ? asked : defaultSize ?? 0;
        if (answer.Status != 200 || !request.Path.EndsWith("/tags/list", StringComparison.Ordinal) || n <= 0)
        {
            return answer;
        }

        using var document = JsonDocument.Parse(answer.Body);
        var name = document.RootElement.GetProperty("name").GetString()!;
        var all = document.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal).ToList();
        var after = query.TryGetValue("last", out var last) ? all.Where(t => string.CompareOrdinal(t, last) > 0).ToList() : all;
        var page = after.Take(n).ToList();
        var headers = answer.Headers.Where(h => h.Key != "Content-Type").ToList();
        headers.Add(KeyValuePair.Create("Content-Type", "application/json"));
        if (after.Count > page.Count)
        {
            headers.Add(KeyValuePair.Create("Link", $"</v2/{name}/tags/list?last={Uri.EscapeDataString(page[^1])}&n={n}>; rel=\"next\""));
        }

        return new LoopbackResponse { Status = 200, Reason = "OK", Headers = headers, Body = JsonSerializer.SerializeToUtf8Bytes(new { name, tags = page }) };
    };
}
