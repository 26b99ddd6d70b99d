using GitStreamSync.Testing.Network;

namespace GitStreamSync.Cli.Tests;

/// <summary>
/// The test-wide guard is in place: a test that would reach a registry off this machine fails
/// loudly, whether the request comes from a test's own client or from a command it runs.
/// </summary>
public sealed class NetworkGuardTests
{
    [Fact]
    public async Task A_request_to_a_host_off_this_machine_is_refused_before_anything_is_sent()
    {
        using var client = new HttpClient();

        var refused = await Assert.ThrowsAsync<OffMachineRequestException>(() => client.GetAsync(new Uri("https://ghcr.io/v2/")));

        Assert.Contains("GET https://ghcr.io/v2/", refused.Message, StringComparison.Ordinal);
        Assert.Contains("GET https://ghcr.io/v2/", LoopbackOnly.Refused);
    }

    [Fact]
    public async Task A_command_that_would_ask_a_real_registry_fails_with_an_unexpected_error()
    {
        var result = await CliRunner.RunAsync("resolve", "ghcr.io/acme/never-asked:1.0");

        Assert.True(result.ExitCode == ExitCodes.Unexpected, $"exit {result.ExitCode}: {result.Out}{result.Error}");
        Assert.Contains("a test asked a host off this machine: GET https://ghcr.io/v2/", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/v2/", true)]
    [InlineData("http://localhost:8080/", true)]
    [InlineData("http://[::1]:5000/v2/", true)]
    [InlineData("https://registry-1.docker.io/v2/", false)]
    [InlineData("https://quay.io/v2/", false)]
    [InlineData("http://127.0.0.1.nip.io/", false)]
    [InlineData("http://git.behind-proxy.test/git/app.git", true)]
    [InlineData("http://example.test.evil.com/", false)]
    [InlineData("http://test/", false)]
    public void Only_loopback_addresses_and_reserved_test_names_are_on_this_machine(string url, bool onThisMachine) =>
        Assert.Equal(onThisMachine, LoopbackOnly.IsOnThisMachine(new Uri(url)));
}
