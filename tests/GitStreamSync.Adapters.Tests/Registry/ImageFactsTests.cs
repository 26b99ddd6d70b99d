using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;
using Microsoft.Extensions.Time.Testing;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>What an image says about itself, read from the real registry: the requests it costs and the cache by digest.</summary>
public sealed class ImageFactsTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task A_new_digest_costs_one_manifest_and_one_config_request_and_nothing_once_cached_in_this_run_or_the_next()
    {
        var created = new DateTimeOffset(2026, 2, 27, 10, 0, 0, TimeSpan.Zero);
        var image = await registry.Seeder.PushImageAsync("team/labelled", "2.0", ManifestFormat.Oci, Platform.LinuxAmd64, "labelled", new SeededConfig(
            new Dictionary<string, string>
            {
                [ProvenanceLabels.Version] = "2.0.1",
                [ProvenanceLabels.Revision] = "0123456789abcdef0123456789abcdef01234567",
                ["com.example.other"] = "not kept",
            },
            created));
        var sibling = await registry.Seeder.PushImageAsync("team/labelled", "2.1", ManifestFormat.Oci, Platform.LinuxAmd64, "sibling", new SeededConfig(new Dictionary<string, string> { [ProvenanceLabels.Version] = "2.1.0" }));
        using var cache = new TemporaryDirectory("facts");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var request = new ImageFactsRequest(ImageReference.Parse($"{registry.Ref("team/labelled")}@{image.Digest}"), null, PlatformPreference.Default, Insecure: true);
        var other = request with { Image = ImageReference.Parse($"{registry.Ref("team/labelled")}@{sibling.Digest}") };

        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { CacheDirectory = cache.Path }, time: clock);
        var read = await client.ReadAllAsync([request, other], CancellationToken.None);
        var facts = read[request];

        Assert.Null(facts.Unreadable);
        Assert.Equal(new Dictionary<string, string> { [ProvenanceLabels.Version] = "2.0.1", [ProvenanceLabels.Revision] = "0123456789abcdef0123456789abcdef01234567" }, facts.Labels);
        Assert.Equal(created, facts.Created);
        Assert.Equal(clock.GetUtcNow(), facts.FirstSeen);
        Assert.Equal("2.1.0", read[other].Labels[ProvenanceLabels.Version]);
        // Once per run: the /v2/ probe (HTTPS, then plain HTTP for this insecure host); per new digest: its manifest and its config blob.
        Assert.Equal(2 + (2 * 2), client.RequestsSent);

        clock.Advance(TimeSpan.FromDays(1));
        await client.ReadAllAsync([request, other], CancellationToken.None);
        Assert.Equal(6, client.RequestsSent);

        using var next = RegistryTestKit.Client(RegistryTestKit.FastOptions with { CacheDirectory = cache.Path }, time: clock);
        var again = (await next.ReadAllAsync([request], CancellationToken.None))[request];
        Assert.Equal(0, next.RequestsSent);
        Assert.Equal(facts, again);
    }

    [Fact]
    public async Task The_facts_of_a_digest_just_resolved_by_tag_cost_its_config_alone_the_manifest_is_not_asked_again()
    {
        var created = new DateTimeOffset(2026, 4, 2, 8, 0, 0, TimeSpan.Zero);
        var image = await registry.Seeder.PushImageAsync("team/resolved-then-read", "3.0", ManifestFormat.Oci, Platform.LinuxAmd64, "resolved", new SeededConfig(
            new Dictionary<string, string> { [ProvenanceLabels.Version] = "3.0.2" },
            created));
        using var client = RegistryTestKit.Client();
        var resolved = await client.ResolveAsync(RegistryTestKit.Request(registry.Ref("team/resolved-then-read:3.0")));
        Assert.Equal(image.Digest, Assert.IsType<Resolved>(resolved).Digest);
        var before = client.RequestsSent;

        var request = new ImageFactsRequest(ImageReference.Parse($"{registry.Ref("team/resolved-then-read")}@{image.Digest}"), null, PlatformPreference.Default, Insecure: true);
        var facts = (await client.ReadAllAsync([request], CancellationToken.None))[request];

        Assert.Null(facts.Unreadable);
        Assert.Equal("3.0.2", facts.Labels[ProvenanceLabels.Version]);
        Assert.Equal(created, facts.Created);
        // The GET by tag read the manifest: what is left is the reading's first contact with the host
        // (HTTPS, then plain HTTP, for this insecure host) and the config blob.
        Assert.Equal(2 + 1, client.RequestsSent - before);
    }

    [Fact]
    public async Task The_child_of_an_index_names_its_platforms_and_the_one_chosen_and_a_missing_digest_is_a_value()
    {
        var index = registry.OciIndex;
        var child = index.Children.Single(c => c.Platform == RegistryFixture.LinuxArm64);
        var request = new ImageFactsRequest(ImageReference.Parse($"{registry.Ref("team/multi-oci")}@{child.Digest}"), index.Digest, PlatformPreference.Default, Insecure: true);
        var missing = new ImageFactsRequest(ImageReference.Parse($"{registry.Ref("team/multi-oci")}@sha256:{new string('0', 64)}"), null, PlatformPreference.Default, Insecure: true);
        using var client = RegistryTestKit.Client();

        var facts = await client.ReadAllAsync([request, missing], CancellationToken.None);

        Assert.Equal(["linux/amd64", "linux/arm64", "linux/arm/v7"], facts[request].Platforms.Select(p => p.ToString()));
        Assert.Equal(RegistryFixture.LinuxArm64, facts[request].Chosen);
        Assert.Contains("team/multi-oci@sha256:0000", facts[missing].Unreadable, StringComparison.Ordinal);
    }
}
