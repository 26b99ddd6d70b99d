using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>Tag -> digest against a real docker-registry (distribution 2.8), anonymous.</summary>
public sealed class RegistryResolutionTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task Single_platform_OCI_image_resolves_to_the_digest_the_registry_stored()
    {
        using var client = RegistryTestKit.Client();
        var resolved = (await client.ResolveAsync(registry.Ref("team/oci-app:1.0"))).AssertResolved();
        Assert.Equal(registry.OciImage.Digest, resolved.Digest);
        Assert.Equal(RegistrySeeder.OciManifest, resolved.MediaType);
        Assert.Null(resolved.IndexDigest);
        Assert.Equal(registry.Host, resolved.AnsweredBy);
    }

    [Fact]
    public async Task Single_platform_Docker_v2_image_resolves_to_its_digest()
    {
        using var client = RegistryTestKit.Client();
        var resolved = (await client.ResolveAsync(registry.Ref("team/docker-app:1.0"))).AssertResolved();
        Assert.Equal(registry.DockerImage.Digest, resolved.Digest);
        Assert.Equal(RegistrySeeder.DockerManifest, resolved.MediaType);
    }

    [Fact]
    public async Task OCI_index_in_Legacy_mode_records_the_linux_amd64_child()
    {
        using var client = RegistryTestKit.Client();
        var resolved = (await client.ResolveAsync(registry.Ref("team/multi-oci:1.0"))).AssertResolved();
        Assert.Equal(Child(registry.OciIndex, Platform.LinuxAmd64), resolved.Digest);
        Assert.Equal(registry.OciIndex.Digest, resolved.IndexDigest);
        Assert.Equal(Platform.LinuxAmd64, resolved.Platform);
        Assert.Equal(RegistrySeeder.OciManifest, resolved.MediaType);
    }

    [Fact]
    public async Task OCI_index_in_PreserveOriginal_mode_records_the_index_digest()
    {
        using var client = RegistryTestKit.Client();
        var resolved = (await client.ResolveAsync(registry.Ref("team/multi-oci:1.0"), ImportMode.PreserveOriginal)).AssertResolved();
        Assert.Equal(registry.OciIndex.Digest, resolved.Digest);
        Assert.Equal(RegistrySeeder.OciIndex, resolved.MediaType);
    }

    [Fact]
    public async Task Docker_manifest_list_in_both_modes()
    {
        using var client = RegistryTestKit.Client();
        var legacy = (await client.ResolveAsync(registry.Ref("team/multi-docker:1.0"))).AssertResolved();
        var preserved = (await client.ResolveAsync(registry.Ref("team/multi-docker:1.0"), ImportMode.PreserveOriginal)).AssertResolved();

        // linux/amd64 is the second entry: the choice is by platform, not by position.
        Assert.Equal(Child(registry.DockerList, Platform.LinuxAmd64), legacy.Digest);
        Assert.Equal(RegistrySeeder.DockerManifest, legacy.MediaType);
        Assert.Equal(registry.DockerList.Digest, preserved.Digest);
        Assert.Equal(RegistrySeeder.DockerList, preserved.MediaType);
    }

    [Fact]
    public async Task Prefer_arch_annotation_picks_that_child()
    {
        using var client = RegistryTestKit.Client();
        var preference = new PlatformPreference(null, "arm64", Platform.LinuxAmd64);
        var resolved = (await client.ResolveAsync(registry.Ref("team/multi-oci:1.0"), platform: preference)).AssertResolved();
        Assert.Equal(Child(registry.OciIndex, RegistryFixture.LinuxArm64), resolved.Digest);
    }

    [Fact]
    public async Task Configured_platform_with_variant_picks_that_child()
    {
        using var client = RegistryTestKit.Client();
        var preference = new PlatformPreference(null, null, RegistryFixture.LinuxArmV7);
        var resolved = (await client.ResolveAsync(registry.Ref("team/multi-oci:1.0"), platform: preference)).AssertResolved();
        Assert.Equal(Child(registry.OciIndex, RegistryFixture.LinuxArmV7), resolved.Digest);
        Assert.Equal(RegistryFixture.LinuxArmV7, resolved.Platform);
    }

    [Fact]
    public async Task Annotations_do_not_apply_to_a_reference_pinned_by_digest()
    {
        using var client = RegistryTestKit.Client();
        var preference = new PlatformPreference(null, "arm64", Platform.LinuxAmd64);
        var resolved = (await client.ResolveAsync(registry.Ref($"team/multi-oci@{registry.OciIndex.Digest}"), platform: preference)).AssertResolved();
        Assert.Equal(Child(registry.OciIndex, Platform.LinuxAmd64), resolved.Digest);
    }

    [Fact]
    public async Task Without_a_matching_platform_the_first_entry_is_chosen()
    {
        var index = await registry.Seeder.PushIndexAsync("team/exotic", "1.0", ManifestFormat.Oci, [new Platform("linux", "s390x"), RegistryFixture.WindowsAmd64]);
        using var client = RegistryTestKit.Client();
        var resolved = (await client.ResolveAsync(registry.Ref("team/exotic:1.0"))).AssertResolved();
        Assert.Equal(Child(index, new Platform("linux", "s390x")), resolved.Digest);
    }

    [Fact]
    public async Task Retagged_image_resolves_to_the_new_digest()
    {
        var old = await registry.Seeder.PushImageAsync("team/retag", "stable", ManifestFormat.Oci, Platform.LinuxAmd64, unique: "build 1");
        using var client = RegistryTestKit.Client();
        Assert.Equal(old.Digest, (await client.ResolveAsync(registry.Ref("team/retag:stable"))).AssertResolved().Digest);

        var rebuilt = await registry.Seeder.PushImageAsync("team/retag", "stable", ManifestFormat.Oci, Platform.LinuxAmd64, unique: "build 2");
        var again = (await client.ResolveAsync(registry.Ref("team/retag:stable"))).AssertResolved();
        Assert.NotEqual(old.Digest, rebuilt.Digest);
        Assert.Equal(rebuilt.Digest, again.Digest);
    }

    [Fact]
    public async Task Deleted_tag_is_a_permanent_not_found_naming_the_reference()
    {
        var image = await registry.Seeder.PushImageAsync("team/deleted", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        await registry.Seeder.DeleteManifestAsync("team/deleted", image.Digest);
        using var client = RegistryTestKit.Client();
        var failed = (await client.ResolveAsync(registry.Ref("team/deleted:1.0"))).AssertFailed(ResolutionFailureKind.NotFound);
        Assert.True(failed.IsPermanent);
        Assert.Contains(registry.Ref("team/deleted:1.0"), failed.Message, StringComparison.Ordinal);
        Assert.Contains("manifest unknown", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repository_that_does_not_exist_is_not_found()
    {
        using var client = RegistryTestKit.Client();
        var failed = (await client.ResolveAsync(registry.Ref("nobody/nothing:1.0"))).AssertFailed(ResolutionFailureKind.NotFound);
        // distribution 2.8 answers MANIFEST_UNKNOWN here too (NAME_UNKNOWN only on tags/list).
        Assert.True(failed.IsPermanent);
        Assert.StartsWith(registry.Ref("nobody/nothing:1.0"), failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_digest_is_not_found()
    {
        using var client = RegistryTestKit.Client();
        var missing = Digest.ComputeSha256("nothing"u8);
        (await client.ResolveAsync(registry.Ref($"team/oci-app@{missing}"))).AssertFailed(ResolutionFailureKind.NotFound);
    }

    [Fact]
    public async Task Each_distinct_tag_costs_one_request_however_often_and_however_it_is_asked()
    {
        using var client = RegistryTestKit.Client();
        var requests = new List<ResolveRequest>();
        for (var i = 0; i < 20; i++)
        {
            requests.Add(RegistryTestKit.Request(registry.Ref("team/oci-app:1.0")));
            requests.Add(RegistryTestKit.Request(registry.Ref("team/multi-oci:1.0"), ImportMode.Legacy));
            requests.Add(RegistryTestKit.Request(registry.Ref("team/multi-oci:1.0"), ImportMode.PreserveOriginal));
            requests.Add(RegistryTestKit.Request(registry.Ref("team/multi-oci:1.0"), ImportMode.Legacy, new PlatformPreference(null, "arm64", Platform.LinuxAmd64)));
        }

        var results = await client.ResolveAllAsync(requests, CancellationToken.None);

        Assert.All(results.Values, r => r.AssertResolved());
        // https probe refused + GET /v2/ + 2 GETs: the index's GET gave the entries both Legacy choices read.
        Assert.Equal(0, client.LastRun.IndexFetches);
        Assert.Equal(4, client.LastRun.TotalRequests);
    }

    [Fact]
    public async Task Progress_is_told_once_per_distinct_reference_up_to_the_total()
    {
        var reports = new System.Collections.Concurrent.ConcurrentQueue<(int Done, int Total)>();
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { Progress = new SynchronousProgress(reports.Enqueue) });
        ResolveRequest[] requests =
        [
            RegistryTestKit.Request(registry.Ref("team/oci-app:1.0")),
            RegistryTestKit.Request(registry.Ref("team/oci-app:1.0")),
            RegistryTestKit.Request(registry.Ref("team/docker-app:1.0")),
        ];

        await client.ResolveAllAsync(requests, CancellationToken.None);

        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal(2, r.Total));
        Assert.Equal([1, 2], reports.Select(r => r.Done).Order());
    }

    [Fact]
    public async Task Cache_directory_spares_the_index_GET_on_the_next_run()
    {
        var directory = Directory.CreateTempSubdirectory("gss-index-cache-").FullName;
        try
        {
            // Where GETs count as pulls the tag is asked with HEAD, so the index entries come from a GET or the cache.
            var options = RegistryTestKit.FastOptions with { CacheDirectory = directory, PullBudgetHosts = [registry.Host] };
            Digest first;
            using (var client = RegistryTestKit.Client(options))
            {
                first = (await client.ResolveAsync(registry.Ref("team/multi-docker:1.0"))).AssertResolved().Digest;
                Assert.Equal(1, client.LastRun.IndexFetches);
            }

            using var next = RegistryTestKit.Client(options);
            var again = (await next.ResolveAsync(registry.Ref("team/multi-docker:1.0"))).AssertResolved();
            Assert.Equal(first, again.Digest);
            Assert.Equal(0, next.LastRun.IndexFetches);
            Assert.Equal(3, next.LastRun.TotalRequests);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_index_read_with_GET_by_tag_is_cached_and_spares_the_GET_where_it_is_met_by_HEAD()
    {
        var directory = Directory.CreateTempSubdirectory("gss-index-cache-").FullName;
        try
        {
            using (var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { CacheDirectory = directory }))
            {
                (await client.ResolveAsync(registry.Ref("team/multi-oci:1.0"))).AssertResolved();
                Assert.Equal(0, client.LastRun.IndexFetches);
            }

            var pack = Assert.Single(Directory.GetFiles(Path.Combine(directory, "indexes", "packs"), "*.json"));
            Assert.Contains(registry.OciIndex.Digest.ToString(), await File.ReadAllTextAsync(pack), StringComparison.Ordinal);
            using var headFirst = RegistryTestKit.Client(RegistryTestKit.FastOptions with { CacheDirectory = directory, PullBudgetHosts = [registry.Host] });
            var again = (await headFirst.ResolveAsync(registry.Ref("team/multi-oci:1.0"))).AssertResolved();
            Assert.Equal(Child(registry.OciIndex, Platform.LinuxAmd64), again.Digest);
            Assert.Equal(0, headFirst.LastRun.IndexFetches);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Digest Child(SeededIndex index, Platform platform) => index.Children.Single(c => c.Platform == platform).Digest;
}

/// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to a context, too late for an assert).</summary>
internal sealed class SynchronousProgress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
{
    public void Report((int Done, int Total) value) => report(value);
}
