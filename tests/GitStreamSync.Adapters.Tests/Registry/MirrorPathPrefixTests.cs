using GitStreamSync.Core.Configuration;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>
/// A mirror served below a path (Artifactory, Nexus and Harbor proxies: https://host/prefix) is
/// probed for its token challenge at /prefix/v2/, not at the host's /v2/, where nothing answers.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MirrorPathPrefixTests(AuthRegistriesFixture fixture) : IClassFixture<AuthRegistriesFixture>
{
    [Fact]
    public async Task A_token_protected_mirror_at_a_path_prefix_is_authenticated_below_its_prefix()
    {
        await using var proxy = RegistryFaultProxy.StartUnder(fixture.Bearer.BaseUri, "mirror/registry");
        // Nothing listens at the source: only the mirror can answer.
        var source = $"127.0.0.1:{LoopbackPort.Pick()}";
        var options = RegistryTestKit.FastOptions.WithAttempts(1) with
        {
            Registries = new RegistrySettings([RegistryMirror.Create(source, proxy.MirrorUri.ToString())], []),
        };
        using var client = RegistryTestKit.Client(options);

        var resolved = (await client.ResolveAsync($"{source}/hub/app:1.0")).AssertResolved();

        Assert.Equal(fixture.BearerImage.Digest, resolved.Digest);
        Assert.Equal(proxy.BaseUri.Authority, resolved.AnsweredBy);
        Assert.Contains("/mirror/registry/v2/", proxy.RequestedPaths);
        Assert.All(proxy.RequestedPaths, path => Assert.StartsWith("/mirror/registry/v2/", path, StringComparison.Ordinal));
    }
}
