using System.Text;
using GitStreamSync.Adapters.Files;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
using GitStreamSync.Testing.Git;

namespace GitStreamSync.Adapters.Tests.Files;

public sealed class ResolutionsFileTests
{
    private static readonly Digest Child = Digest.Parse("sha256:" + new string('c', 64));
    private static readonly Digest Index = Digest.Parse("sha256:" + new string('1', 64));

    private static ResolutionSet Set()
    {
        var shard = new Shard(1, 3);
        string[] streams = [.. Enumerable.Range(0, 40).Select(i => ($"streams/s{i}.yaml", $"s{i}")).Where(s => shard.Contains(s.Item1, s.Item2)).Select(s => $"{s.Item1}#{s.Item2}")];
        return new ResolutionSet
        {
            Source = "shard-1.json",
            Repository = "127.0.0.1:8080/images",
            BaseBranch = "main",
            BaseCommit = new string('a', 40),
            MadeAt = new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero),
            Shard = shard,
            Streams = streams,
            Resolutions = new Dictionary<ResolveRequest, ResolutionOutcome>
            {
                [new(ImageReference.Parse("quay.io/org/app:1.4"), ImportMode.Legacy, new PlatformPreference("linux", "arm64", new Platform("linux", "amd64")))] =
                    new Resolved(Child, "application/vnd.oci.image.manifest.v1+json", Index, new Platform("linux", "arm64", "v8"), "http://127.0.0.1:5000"),
                [new(ImageReference.Parse("quay.io/org/app:1.4"), ImportMode.PreserveOriginal, PlatformPreference.Default)] =
                    new Resolved(Index, "application/vnd.oci.image.index.v1+json"),
                [new(ImageReference.Parse("registry.internal:5000/app:dev"), ImportMode.Legacy, PlatformPreference.Default, Insecure: true)] =
                    new ResolutionFailed(ResolutionFailureKind.NotFound, "registry.internal:5000/app:dev: manifest unknown"),
                [new(ImageReference.Parse("ubuntu:16.04"), ImportMode.Legacy, PlatformPreference.Default)] =
                    new ResolutionFailed(ResolutionFailureKind.Deferred, "ubuntu:16.04: the run's deadline passed"),
            },
            Listings = new Dictionary<TagListRequest, TagListing>
            {
                // As the registry sent them: an empty tag and a name the tag grammar refuses are the import's to judge.
                [new(ImageReference.Parse("quay.io/org/app"))] = TagListing.Listed(["latest", "1.4", "", "v2.0", "bad tag"]),
                [new(ImageReference.Parse("registry.internal:5000/tools"), Insecure: true)] = TagListing.Listed([]),
                [new(ImageReference.Parse("quay.io/org/gone"))] = TagListing.Failed(new ResolutionFailed(ResolutionFailureKind.NotFound, "quay.io/org/gone: repository unknown")),
                [new(ImageReference.Parse("docker.io/library/busy"))] = TagListing.Failed(new ResolutionFailed(ResolutionFailureKind.RateLimited, "docker.io/library/busy: rate limited")),
            },
        };
    }

    [Fact]
    public void A_set_written_reads_back_the_same()
    {
        using var folder = new TemporaryDirectory("resolutions");
        var path = Path.Combine(folder.Path, "out", "shard-1.json");
        var set = Set();

        ResolutionsFile.Write(path, set);
        var read = ResolutionsFile.Read(path);

        Assert.Equal(path, read.Source);
        Assert.Equal(set.Repository, read.Repository);
        Assert.Equal(set.BaseBranch, read.BaseBranch);
        Assert.Equal(set.BaseCommit, read.BaseCommit);
        Assert.Equal(set.MadeAt, read.MadeAt);
        Assert.Equal(set.Shard, read.Shard);
        Assert.Equal(set.Streams.Order(StringComparer.Ordinal), read.Streams);
        Assert.Equal(set.Resolutions.Count, read.Resolutions.Count);
        foreach (var (request, outcome) in set.Resolutions)
        {
            Assert.Equal(outcome, read.Resolutions[request]);
        }

        Assert.Equal(set.Listings.Keys.Order(Comparer<TagListRequest>.Create((a, b) => string.CompareOrdinal(a.Repository.ToString(), b.Repository.ToString()))), read.Listings.Keys);
        foreach (var (request, listing) in set.Listings)
        {
            Assert.Equal(listing.Tags, read.Listings[request].Tags);
            Assert.Equal(listing.Failure, read.Listings[request].Failure);
        }

        Assert.Equal(["shard-1.json"], Directory.GetFiles(Path.Combine(folder.Path, "out")).Select(Path.GetFileName));
    }

    private static string Valid() =>
        """
        {
          "format": "gitstreamsync-resolutions",
          "version": 1,
          "repository": "github.com/acme/images",
          "baseBranch": "main",
          "baseCommit": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
          "madeAt": "2026-01-15T09:30:00Z",
          "shard": "0/1",
          "streams": ["a.yaml#a"],
          "resolutions": [
            { "reference": "alpine:3.20", "importMode": "Legacy", "platform": "linux/amd64",
              "digest": "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", "mediaType": "application/vnd.oci.image.manifest.v1+json" }
          ]
        }
        """;

    private static string Fault(string text) =>
        Assert.Throws<FormatException>(() => ResolutionsFile.Parse("shard.json", Encoding.UTF8.GetBytes(text))).Message;

    [Fact]
    public void The_valid_sample_reads() =>
        Assert.Single(ResolutionsFile.Parse("shard.json", Encoding.UTF8.GetBytes(Valid())).Resolutions);

    [Theory]
    [InlineData("\"version\": 1", "\"version\": 2", "shard.json: $.version: version 2; this GitStreamSync reads version 1")]
    [InlineData("\"format\": \"gitstreamsync-resolutions\"", "\"format\": \"x\"", "shard.json: $.format: 'x' is not gitstreamsync-resolutions")]
    [InlineData("\"baseCommit\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "\"baseCommit\": \"(folder)\"", "shard.json: $.baseCommit: '(folder)' is not a commit id")]
    [InlineData("\"madeAt\": \"2026-01-15T09:30:00Z\"", "\"madeAt\": \"yesterday\"", "shard.json: $.madeAt: 'yesterday' is not a time like 2026-01-15T09:30:00Z")]
    [InlineData("\"shard\": \"0/1\"", "\"shard\": \"3/3\"", "shard.json: $.shard: '3/3': K must be from 0 to 2")]
    [InlineData("\"streams\": [\"a.yaml#a\"]", "\"streams\": [\"a.yaml\"]", "shard.json: $.streams[0]: 'a.yaml' is not FILE#STREAM")]
    [InlineData("\"streams\": [\"a.yaml#a\"]", "\"streams\": [\"a.yaml#a\", \"a.yaml#a\"]", "shard.json: $.streams[1]: a.yaml#a is listed twice")]
    [InlineData("\"streams\": [\"a.yaml#a\"]", "\"streams\": \"a.yaml#a\"", "shard.json: $.streams: an array is required")]
    [InlineData("\"alpine:3.20\"", "\"Alpine:3.20\"", "shard.json: $.resolutions[0].reference: 'Alpine:3.20' is not an image reference")]
    [InlineData("\"importMode\": \"Legacy\"", "\"importMode\": \"legacy\"", "shard.json: $.resolutions[0].importMode: 'legacy' is not Legacy or PreserveOriginal")]
    [InlineData("\"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\"", "\"sha256:zz\"", "shard.json: $.resolutions[0].digest: 'sha256:zz' is not a digest")]
    [InlineData("\"platform\": \"linux/amd64\"", "\"platform\": 5", "shard.json: $.resolutions[0].platform: not a string")]
    [InlineData("\"mediaType\"", "\"failure\": \"NotFound\", \"mediaType\"", "shard.json: $.resolutions[0]: needs exactly one of 'digest' and 'failure'")]
    [InlineData("\"repository\": \"github.com/acme/images\"", "\"repository\": \"github.com/acme/images\", \"repository\": \"github.com/evil/images\"", "shard.json: $.repository: given twice")]
    [InlineData("\"baseBranch\": \"main\"", "\"baseBranch\": \"ma\\u001bin\"", "shard.json: $.baseBranch: holds a control character")]
    public void A_bad_field_is_named_with_its_path(string find, string replace, string message)
    {
        var text = Valid().Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Valid(), text);

        Assert.StartsWith(message, Fault(text), StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_outside_the_shard_is_refused()
    {
        var text = Valid().Replace("\"shard\": \"0/1\"", "\"shard\": \"" + (Shard.Of("a.yaml", "a", 2) == 0 ? "1/2" : "0/2") + "\"", StringComparison.Ordinal);

        Assert.StartsWith("shard.json: $.streams[0]: a.yaml#a is not in shard ", Fault(text), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_listings_reads_with_none() =>
        Assert.Empty(ResolutionsFile.Parse("shard.json", Encoding.UTF8.GetBytes(Valid())).Listings);

    [Theory]
    [InlineData("{ \"repository\": \"quay.io/org/app\", \"tags\": [\"1.0\"] }", 1, null)]
    [InlineData("{ \"repository\": \"quay.io/org/app:1.0\", \"tags\": [] }", 0, "shard.json: $.listings[0].repository: 'quay.io/org/app:1.0' is a repository with a tag or digest")]
    [InlineData("{ \"repository\": \"quay.io/org/app\" }", 0, "shard.json: $.listings[0]: needs exactly one of 'tags' and 'failure'")]
    [InlineData("{ \"repository\": \"quay.io/org/app\", \"tags\": [1] }", 0, "shard.json: $.listings[0].tags[0]: not a string")]
    [InlineData("{ \"repository\": \"quay.io/org/app\", \"tags\": [\"a\\u0007\"] }", 0, "shard.json: $.listings[0].tags[0]: holds a control character")]
    [InlineData("{ \"repository\": \"quay.io/org/app\", \"failure\": \"Gone\", \"message\": \"x\" }", 0, "shard.json: $.listings[0].failure: 'Gone' is not one of")]
    [InlineData("{ \"repository\": \"quay.io/org/app\", \"tags\": [] }, { \"repository\": \"quay.io/org/app\", \"tags\": [\"1\"] }", 0, "shard.json: $.listings[1]: quay.io/org/app is listed twice")]
    public void A_listing_is_read_or_named_with_its_path(string listings, int count, string? message)
    {
        var text = Valid().Replace("\"streams\":", $"\"listings\": [{listings}],\n  \"streams\":", StringComparison.Ordinal);
        if (message is null)
        {
            Assert.Equal(count, ResolutionsFile.Parse("shard.json", Encoding.UTF8.GetBytes(text)).Listings.Count);
        }
        else
        {
            Assert.StartsWith(message, Fault(text), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_request_answered_twice_is_refused()
    {
        var entry = "{ \"reference\": \"alpine:3.20\", \"importMode\": \"Legacy\", \"platform\": \"linux/amd64\", \"failure\": \"NotFound\", \"message\": \"gone\" }";
        var text = Valid().Replace("\"resolutions\": [", "\"resolutions\": [" + entry + ",", StringComparison.Ordinal);

        Assert.StartsWith("shard.json: $.resolutions[1]: alpine:3.20 (Legacy, linux/amd64) is answered twice", Fault(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "shard.json:1:2: not a resolutions file")]
    [InlineData("{\n  \"format\": 'x'\n}", "shard.json:2:13: not a resolutions file")]
    [InlineData("[]", "shard.json: $: an object was expected, not array")]
    [InlineData("", "shard.json:1:1: not a resolutions file")]
    public void Text_that_is_not_JSON_is_named_with_line_and_column(string text, string message) =>
        Assert.StartsWith(message, Fault(text), StringComparison.Ordinal);

    [Fact]
    public void Deep_nesting_is_refused_without_reading_further() =>
        Assert.StartsWith("shard.json:1:", Fault(new string('[', 100_000)), StringComparison.Ordinal);

    [Fact]
    public void A_failure_message_keeps_no_control_characters()
    {
        var text = Valid().Replace(
            "\"digest\": \"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\", \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\"",
            "\"failure\": \"NotFound\", \"message\": \"gone\\u001b[31m\\nfake line\"",
            StringComparison.Ordinal);

        var failed = Assert.IsType<ResolutionFailed>(Assert.Single(ResolutionsFile.Parse("shard.json", Encoding.UTF8.GetBytes(text)).Resolutions).Value);
        Assert.Equal("gone [31m fake line", failed.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        using var folder = new TemporaryDirectory("resolutions");
        var path = Path.Combine(folder.Path, "none.json");

        Assert.Equal($"{path}: no such resolutions file", Assert.Throws<FileNotFoundException>(() => ResolutionsFile.Read(path)).Message);
    }
}
