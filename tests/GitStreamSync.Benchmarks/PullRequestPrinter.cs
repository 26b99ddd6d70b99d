using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// <c>pull-requests API_URL OWNER/REPO [NUMBER]</c>: what a reviewer sees on GitHub, read over its REST API
/// with <c>GITHUB_TOKEN</c>. Without NUMBER one line per pull request; with it, that pull request's
/// title, state, branches, labels, body (the Markdown as sent) and comments. Used by tests/demo.sh.
/// </summary>
internal static class PullRequestPrinter
{
    public const string Mode = "pull-requests";

    public static async Task<int> PrintAsync(string[] args)
    {
        var token = Environment.GetEnvironmentVariable("GITHUB_TOKEN");
        if (args.Length is < 2 or > 3 || !Uri.TryCreate(args[0].TrimEnd('/') + "/", UriKind.Absolute, out var api) || string.IsNullOrEmpty(token))
        {
            await Console.Error.WriteLineAsync($"usage: GITHUB_TOKEN=... {Mode} API_URL OWNER/REPO [NUMBER]");
            return 2;
        }

        try
        {
            await PrintAsync(api, token, args[1], args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : null);
            return 0;
        }
        catch (HttpRequestException ex)
        {
            // The API went away (the demo was interrupted) or refused: one line, not a stack trace.
            await Console.Error.WriteLineAsync($"{Mode}: {ex.Message}");
            return 1;
        }
    }

    private static async Task PrintAsync(Uri api, string token, string repo, int? number)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", token);
        http.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
        http.DefaultRequestHeaders.UserAgent.ParseAdd("gitstreamsync-demo");
        if (number is null)
        {
            var all = await GetAsync(http, $"repos/{repo}/pulls?state=all&sort=created&direction=asc&per_page=100");
            foreach (var pr in all.AsArray())
            {
                Console.WriteLine($"#{Number(pr)} {State(pr),-6} {pr!["head"]!["ref"]} -> {pr["base"]!["ref"]}: {pr["title"]}");
            }

            return;
        }

        var one = await GetAsync(http, $"repos/{repo}/pulls/{number}");
        var comments = await GetAsync(http, $"repos/{repo}/issues/{number}/comments");
        Console.WriteLine($"#{Number(one)} {one["title"]}");
        Console.WriteLine($"  {State(one)}, {one["head"]!["ref"]} -> {one["base"]!["ref"]}, opened by {one["user"]!["login"]}");
        Console.WriteLine($"  labels: {Names(one["labels"], "name")}; reviewers requested: {Names(one["requested_reviewers"], "login")}");
        Console.WriteLine("  ---- body (Markdown) ----");
        foreach (var line in (one["body"]?.GetValue<string>() ?? "").TrimEnd('\n').Split('\n'))
        {
            Console.WriteLine("  | " + line);
        }

        foreach (var comment in comments.AsArray())
        {
            Console.WriteLine($"  ---- comment by {comment!["user"]!["login"]} ----");
            Console.WriteLine("  | " + comment["body"]!.GetValue<string>().TrimEnd('\n').Replace("\n", "\n  | ", StringComparison.Ordinal));
        }
    }

    private static async Task<JsonNode> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)!
            : throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {text}");
    }

    private static string Number(JsonNode? pr) => pr!["number"]!.GetValue<int>().ToString(CultureInfo.InvariantCulture);

    private static string State(JsonNode? pr) => pr!["merged"]?.GetValue<bool>() == true ? "merged" : pr["state"]!.GetValue<string>();

    private static string Names(JsonNode? list, string key) =>
        list is JsonArray { Count: > 0 } array ? string.Join(", ", array.Select(n => n![key]!.GetValue<string>())) : "none";
}
