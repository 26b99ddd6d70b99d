using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>
/// Listing a repository's tags for spec.dockerImageRepository (semantics 2.11): every page of
/// tags/list through its Link headers against a real docker-registry, one request a page; and the
/// answers a registry may get wrong, each a named failure of that repository only.
/// </summary>
public sealed class RepositoryTagListTests : IAsyncLifetime
{
    private static readonly string[] Tags = ["latest", "1.0", "1.1", "v1.2", "2.0.1", "2.0.0-rc1", "nightly", "a", "b", "c", "d", "e", "f"];
    private RegistryServer server = null!;

    public async Task InitializeAsync()
    {
        server = await RegistryServer.StartAsync(new RegistryServerOptions { AccessLog = true });
        using var seeder = RegistrySeeder.For(server);
        var image = await seeder.PushImageAsync("team/many", Tags[0], ManifestFormat.Oci, Platform.LinuxAmd64);
        foreach (var tag in Tags.Skip(1))
        {
            await seeder.CopyToTagAsync("team/many", image.Digest, tag);
        }
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Every_page_is_read_through_its_Link_with_one_request_a_page()
    {
        // docker-registry 2.8 sends every tag at once; the proxy pages its answer as distribution 3 and Docker Hub do.
        await using var paging = RegistryFaultProxy.Start(server.BaseUri);
        paging.Rewrite(TagListPaging.Page);
        var before = TagListRequestsLogged();
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { TagsPageSize = 5 });
        var request = new TagListRequest(ImageReference.Parse($"{paging.BaseUri.Authority}/team/many"), Insecure: true);

        var listing = (await client.ListTagsAsync([request], CancellationToken.None))[request];

        Assert.Null(listing.Failure);
        Assert.Equal(Tags.Order(StringComparer.Ordinal), listing.Tags);

        // 13 tags at 5 a page: 3 pages, each one GET of tags/list at the proxy and at the registry behind it.
        var pages = (Tags.Length + 4) / 5;
        Assert.Equal(["/v2/team/many/tags/list?n=5", "/v2/team/many/tags/list?last=a&n=5", "/v2/team/many/tags/list?last=f&n=5"],
            paging.RequestedTargets.Where(t => t.Contains("/tags/list", StringComparison.Ordinal)));
        // The registry writes each line as its request finishes: wait for them, bounded (30 s), as
        // long as a loaded machine needs; a count that stays short or runs over still fails.
        var logged = 0;
        for (var attempt = 0; attempt < 600 && (logged = TagListRequestsLogged() - before) < pages; attempt++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(pages, logged);
    }

    [Fact]
    public async Task The_runs_registry_report_counts_the_tag_list_pages_with_the_manifests()
    {
        await using var paging = RegistryFaultProxy.Start(server.BaseUri);
        paging.Rewrite(TagListPaging.Page);
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { TagsPageSize = 5 });
        var host = paging.BaseUri.Authority;
        var listRequest = new TagListRequest(ImageReference.Parse($"{host}/team/many"), Insecure: true);

        var listing = (await client.ListTagsAsync([listRequest], CancellationToken.None))[listRequest];
        await client.ResolveAsync(RegistryTestKit.Request($"{host}/team/many:{listing.Tags[0]}"));

        // Every request this client sent (3 pages, 1 manifest, the endpoint probes) is in the run's report.
        Assert.Equal(client.RequestsSent, client.LastRun.TotalRequests);
        Assert.Equal(3 + 1, paging.RequestedTargets.Count(t => t.Contains("/tags/list", StringComparison.Ordinal) || t.Contains("/manifests/", StringComparison.Ordinal)));
    }

    private int TagListRequestsLogged()
    {
        using var stream = new FileStream(server.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            count += line.Contains("GET /v2/team/many/tags/list", StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    [Fact]
    public async Task Without_a_page_size_the_registry_chooses_and_one_page_holds_them_all()
    {
        using var client = RegistryTestKit.Client();
        var request = new TagListRequest(ImageReference.Parse($"{server.HostPort}/team/many"), Insecure: true);

        var listing = (await client.ListTagsAsync([request], CancellationToken.None))[request];

        Assert.Equal(Tags.Length, listing.Tags.Count);
    }

    [Fact]
    public async Task A_repository_the_registry_does_not_know_is_not_found()
    {
        using var client = RegistryTestKit.Client();
        var request = new TagListRequest(ImageReference.Parse($"{server.HostPort}/team/none"), Insecure: true);

        var listing = (await client.ListTagsAsync([request], CancellationToken.None))[request];

        Assert.Equal(ResolutionFailureKind.NotFound, listing.Failure?.Kind);
        Assert.Contains($"{server.HostPort}/team/none", listing.Failure!.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string> BadAnswers => new()
    {
        { "[\"latest\"]", null, "not an object" },
        { "{\"name\":\"app\",\"tags\":\"latest\"}", null, "\"tags\" that is not a list" },
        { "{\"name\":\"app\",\"tags\":[\"latest\",7]}", null, "a tag that is not a string" },
        { "<html>login</html>", null, "not JSON" },
        { "{\"name\":\"app\",\"tags\":[\"a\"]}", "<http://elsewhere.example:5000/v2/app/tags/list?last=a>; rel=\"next\"", "another host or repository" },
        { "{\"name\":\"app\",\"tags\":[\"a\"]}", "</v2/other/tags/list?last=a>; rel=\"next\"", "another host or repository" },
        { "{\"name\":\"app\",\"tags\":[\"a\"]}", "</v2/app/tags/list?n=1>; rel=\"next\"", "a loop" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task A_wrong_answer_fails_the_listing_with_a_named_reason(string body, string? link, string reason)
    {
        await using var fake = LoopbackHttpServer.Start(request =>
        {
            if (!request.Path.EndsWith("/tags/list", StringComparison.Ordinal))
            {
                return LoopbackResponse.Text(200, "{}");
            }

            // The first page answers what the case says; a page after it (if it is ever asked) is empty.
            (string Name, string Value)[] headers = link is null ? [("Content-Type", "application/json")] : [("Content-Type", "application/json"), ("Link", link)];
            return request.Query().ContainsKey("last")
                ? LoopbackResponse.Text(200, "{\"tags\":[]}", ("Content-Type", "application/json"))
                : LoopbackResponse.Text(200, body, headers);
        });
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { TagsPageSize = 1 });
        var request = new TagListRequest(ImageReference.Parse($"{fake.HostPort}/app"), Insecure: true);

        var listing = (await client.ListTagsAsync([request], CancellationToken.None))[request];

        Assert.Equal(ResolutionFailureKind.InvalidResponse, listing.Failure?.Kind);
        Assert.Contains(reason, listing.Failure!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("login", listing.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endless_chain_of_pages_and_a_huge_list_are_bounded()
    {
        await using var fake = LoopbackHttpServer.Start(request =>
        {
            if (!request.Path.EndsWith("/tags/list", StringComparison.Ordinal))
            {
                return LoopbackResponse.Text(200, "{}");
            }

            var page = request.Query().TryGetValue("last", out var last) ? int.Parse(last, System.Globalization.CultureInfo.InvariantCulture) + 1 : 0;
            return LoopbackResponse.Text(200, $"{{\"tags\":[\"t{page}a\",\"t{page}b\"]}}", ("Content-Type", "application/json"), ("Link", $"</v2/app/tags/list?n=2&last={page}>; rel=\"next\""));
        });
        var request = new TagListRequest(ImageReference.Parse($"{fake.HostPort}/app"), Insecure: true);

        using var pages = RegistryTestKit.Client(RegistryTestKit.FastOptions with { MaxTagPages = 7 });
        var endless = (await pages.ListTagsAsync([request], CancellationToken.None))[request];
        Assert.Equal(ResolutionFailureKind.InvalidResponse, endless.Failure?.Kind);
        Assert.Contains("more than 7 pages", endless.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(7, fake.Requests.Count(r => r.Path.EndsWith("/tags/list", StringComparison.Ordinal)));

        using var tags = RegistryTestKit.Client(RegistryTestKit.FastOptions with { MaxListedTags = 9 });
        var huge = (await tags.ListTagsAsync([request], CancellationToken.None))[request];
        Assert.Contains("more than 9 tags", huge.Failure!.Message, StringComparison.Ordinal);
    }
}
