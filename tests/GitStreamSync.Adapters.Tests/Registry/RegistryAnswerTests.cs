using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Text;
using GitStreamSync.Adapters.Registry;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>
/// Registry and token-service answers of the wrong shape, played by the loopback server: each
/// fails its own reference with a named reason, never the run and never another reference.
/// </summary>
public sealed class RegistryAnswerTests
{
    private const string OciIndexType = "application/vnd.oci.image.index.v1+json";

    private static readonly byte[] Index = Encoding.UTF8.GetBytes(
        $$$"""{"schemaVersion":2,"mediaType":"{{{OciIndexType}}}","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{FakeRegistry.ManifestDigest}}}","size":1,"platform":{"os":"linux","architecture":"amd64"}}]}""");

    public static TheoryData<string, string, string> WrongShapedIndexes => new()
    {
        { "array", "[]", "an index that is not an OCI index: it is a JSON array, not an object" },
        { "string", "\"manifests\"", "an index that is not an OCI index: it is a JSON string, not an object" },
        { "no list", """{"schemaVersion":2}""", "an index that is not an OCI index: manifests is missing or not a list" },
        { "list is an object", """{"schemaVersion":2,"manifests":{}}""", "an index that is not an OCI index: manifests is missing or not a list" },
        { "entry is an array", """{"schemaVersion":2,"manifests":[[1]]}""", "an index that is not an OCI index: an entry is a JSON array, not an object" },
        { "digest is a number", """{"schemaVersion":2,"manifests":[{"digest":1}]}""", "an index that is not an OCI index: an entry has no valid sha256 digest" },
        { "platform is a string", $$$"""{"schemaVersion":2,"manifests":[{"digest":"{{{FakeRegistry.ManifestDigest}}}","platform":"linux"}]}""", "an index that is not an OCI index: an entry's platform is not an object" },
        { "truncated", """{"schemaVersion":2,"manifests":[{"dig""", "an index that is not an OCI index: the body is not JSON (it is cut short or malformed)" },
        { "html", "<html><body>proxy error</body></html>", "an index that is not an OCI index: the body is not JSON (it looks like HTML)" },
        { "no schema", """{"manifests":[]}""", "an index that is not an OCI index: schemaVersion is not 2" },
        { "deep", new string('[', 5000) + new string(']', 5000), "an index that is not an OCI index: the body is not JSON (it is cut short or malformed)" },
    };

    [Theory]
    [MemberData(nameof(WrongShapedIndexes))]
    public async Task An_index_of_the_wrong_shape_fails_its_reference_as_an_invalid_answer(string name, string body, string problem)
    {
        _ = name;
        var bad = Encoding.UTF8.GetBytes(body);
        var badDigest = Digest.ComputeSha256(bad);
        await using var server = FakeRegistry.Start((_, _) => LoopbackResponse.Bytes(200, bad, ("Content-Type", OciIndexType), ("Docker-Content-Digest", badDigest.ToString())));
        using var client = RegistryTestKit.Client();

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.InvalidResponse);

        Assert.Equal($"{server.HostPort}/app:1: {server.HostPort} answered {problem}", failed.Message);
        Assert.False(failed.IsPermanent);
    }

    [Fact]
    public async Task An_index_that_is_a_manifest_when_fetched_is_an_invalid_answer()
    {
        await using var server = FakeRegistry.Start((r, _) => r.Method == "HEAD"
            ? LoopbackResponse.Bytes(200, [], ("Content-Type", OciIndexType), ("Docker-Content-Digest", FakeRegistry.ManifestDigest.ToString()))
            : FakeRegistry.Ok());
        using var client = RegistryTestKit.Client();

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.InvalidResponse);

        Assert.Contains("with a single-platform manifest", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_index_still_resolves_to_its_child()
    {
        await using var server = FakeRegistry.Start((_, _) => LoopbackResponse.Bytes(200, Index, ("Content-Type", OciIndexType), ("Docker-Content-Digest", Digest.ComputeSha256(Index).ToString())));
        using var client = RegistryTestKit.Client();

        var resolved = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertResolved();

        Assert.Equal(FakeRegistry.ManifestDigest, resolved.Digest);
        Assert.Equal(Digest.ComputeSha256(Index), resolved.IndexDigest);
    }

    public static TheoryData<string, string, string> NotManifests => new()
    {
        { "binary", "\u0001\u0002garbage\u00ff", "a manifest that is not an OCI manifest: the body is not JSON (it is text or binary data)" },
        { "empty", "", "a manifest that is not an OCI manifest: the body is empty" },
        { "array", "[1,2,3]", "a manifest that is not an OCI manifest: it is a JSON array, not an object" },
        { "no config", """{"schemaVersion":2,"layers":[]}""", "a manifest that is not an OCI manifest: config is missing or not an object" },
        { "layers not a list", """{"schemaVersion":2,"config":{"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"layers":7}""", "a manifest that is not an OCI manifest: layers is missing or not a list" },
        { "claims an index", $$"""{"schemaVersion":2,"mediaType":"{{OciIndexType}}","manifests":[]}""", $"a manifest that is not an OCI manifest: its mediaType field names another type ({OciIndexType})" },
        { "schema 1", """{"schemaVersion":1,"name":"app","tag":"1"}""", "a manifest that is not an OCI manifest: schemaVersion is not 2" },
    };

    [Theory]
    [MemberData(nameof(NotManifests))]
    public async Task Bytes_that_are_not_the_manifest_their_type_claims_never_become_a_digest(string name, string body, string problem)
    {
        _ = name;
        var bytes = Encoding.Latin1.GetBytes(body);
        await using var server = FakeRegistry.Start((_, _) => LoopbackResponse.Bytes(200, bytes, ("Content-Type", FakeRegistry.OciManifest)));
        using var client = RegistryTestKit.Client();

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.InvalidResponse);

        Assert.Equal($"{server.HostPort}/app:1: {server.HostPort} answered {problem}", failed.Message);
        Assert.DoesNotContain(Digest.ComputeSha256(bytes).Hex, failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxys_login_page_answered_with_200_is_an_invalid_answer_not_an_unsupported_manifest()
    {
        await using var server = FakeRegistry.Start((_, _) => LoopbackResponse.Bytes(200, "<html><form>Sign in</form></html>"u8.ToArray(), ("Content-Type", "text/html; charset=utf-8")));
        using var client = RegistryTestKit.Client();

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.InvalidResponse);

        Assert.Equal($"{server.HostPort}/app:1: {server.HostPort} answered text/html with bytes that are not a manifest", failed.Message);
        Assert.False(failed.IsPermanent);
    }

    [Theory]
    [InlineData(404, "[\"MANIFEST_UNKNOWN\"]", ResolutionFailureKind.NotFound, "manifest unknown (HOST answered 404)")]
    [InlineData(404, "{\"errors\":[\"NAME_UNKNOWN\",42]}", ResolutionFailureKind.NotFound, "manifest unknown (HOST answered 404)")]
    [InlineData(404, "{\"errors\":{\"code\":\"NAME_UNKNOWN\"}}", ResolutionFailureKind.NotFound, "manifest unknown (HOST answered 404)")]
    [InlineData(404, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}", ResolutionFailureKind.NotFound, "repository not found (HOST answered 404, NAME_UNKNOWN)")]
    [InlineData(400, "[{\"code\":\"TAG_INVALID\"}]", ResolutionFailureKind.ServerError, "unexpected answer (HOST answered 400)")]
    [InlineData(401, "[[[[", ResolutionFailureKind.Unauthorized, "access denied (HOST answered 401)")]
    [InlineData(500, "[\"boom\"]", ResolutionFailureKind.ServerError, "server error (HOST answered 500)")]
    public async Task An_error_body_of_any_shape_is_read_only_for_its_code(int status, string body, ResolutionFailureKind kind, string message)
    {
        // HEAD is refused so that the GET, whose error body is read, answers.
        await using var server = FakeRegistry.Start((r, _) => r.Method == "HEAD" ? LoopbackResponse.Text(405, "") : LoopbackResponse.Text(status, body, ("Content-Type", "application/json")));
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions.WithAttempts(1));

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(kind);

        Assert.StartsWith($"{server.HostPort}/app:1: {message.Replace("HOST", server.HostPort, StringComparison.Ordinal)}", failed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[\"token\"]", "with JSON that is not an object instead of a token")]
    [InlineData("{\"token\":42}", "without a token")]
    [InlineData("{\"token\":\"abc\",\"expires_in\":\"soon\"}", null)]
    [InlineData("<html>", "with something that is not JSON instead of a token")]
    [InlineData("", "an empty body instead of a token")]
    public async Task A_token_service_answer_of_the_wrong_shape_fails_its_references(string body, string? problem)
    {
        await using var issuer = LoopbackHttpServer.Start(_ => LoopbackResponse.Text(200, body, ("Content-Type", "application/json")));
        await using var server = LoopbackHttpServer.Start(request =>
            request.Header("Authorization") is null
                ? LoopbackResponse.Text(401, "", ("WWW-Authenticate", $"Bearer realm=\"{issuer.BaseUri}token\",service=\"fake\""))
                : request.Path.Contains("/manifests/", StringComparison.Ordinal) ? FakeRegistry.Ok() : LoopbackResponse.Text(200, "{}"));
        using var client = RegistryTestKit.Client();

        var outcome = await client.ResolveAsync($"{server.HostPort}/app:1");

        if (problem is null)
        {
            // A wrong expires_in is only a missing one: the token lasts the default 60 s.
            outcome.AssertResolved();
            return;
        }

        var failed = outcome.AssertFailed(ResolutionFailureKind.InvalidResponse);
        Assert.Equal($"{server.HostPort}/app:1: token service {issuer.HostPort} answered {problem}", failed.Message);
    }

    [Fact]
    public async Task Twenty_hosts_answering_garbage_fail_their_own_tags_and_the_good_host_resolves_all_of_its_own()
    {
        await using var good = FakeRegistry.Start((_, _) => FakeRegistry.Ok());
        var garbage = new Func<LoopbackResponse>[]
        {
            () => LoopbackResponse.Bytes(200, "[]"u8.ToArray(), ("Content-Type", OciIndexType), ("Docker-Content-Digest", Digest.ComputeSha256("[]"u8).ToString())),
            () => LoopbackResponse.Text(404, "[\"MANIFEST_UNKNOWN\"]"),
            () => LoopbackResponse.Bytes(200, "\u0000\u0001"u8.ToArray(), ("Content-Type", FakeRegistry.OciManifest)),
            () => LoopbackResponse.Bytes(200, "<html>login</html>"u8.ToArray(), ("Content-Type", "text/html")),
            () => FakeRegistry.Ok(digestHeader: Digest.ComputeSha256("other"u8).ToString()),
        };
        var bad = new List<LoopbackHttpServer>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var answer = garbage[i % garbage.Length];
                bad.Add(FakeRegistry.Start((r, _) => r.Method == "HEAD" ? FakeRegistry.Ok(digestHeader: null) : answer()));
            }

            var requests = Enumerable.Range(0, 20).Select(i => RegistryTestKit.Request($"{good.HostPort}/app:{i}"))
                .Concat(bad.SelectMany(server => Enumerable.Range(0, 3).Select(i => RegistryTestKit.Request($"{server.HostPort}/app:{i}"))))
                .ToList();
            using var client = RegistryTestKit.Client();

            var results = await client.ResolveAllAsync(requests, CancellationToken.None);

            Assert.All(requests.Take(20), r => Assert.Equal(FakeRegistry.ManifestDigest, results[r].AssertResolved().Digest));
            Assert.All(requests.Skip(20), r => Assert.IsType<ResolutionFailed>(results[r]));
            Assert.Equal(
                [ResolutionFailureKind.NotFound, ResolutionFailureKind.InvalidResponse],
                requests.Skip(20).Select(r => ((ResolutionFailed)results[r]).Kind).Distinct().Order().ToList());
            // Garbage is the host's final word: asked once per tag (HEAD, then one GET), never retried.
            Assert.All(bad, server => Assert.Equal(6, server.ManifestRequests().Count()));
        }
        finally
        {
            foreach (var server in bad)
            {
                await server.DisposeAsync();
            }
        }
    }
}
