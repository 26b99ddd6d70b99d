using GitStreamSync.Core.Configuration;

namespace GitStreamSync.Core.Tests.Configuration;

/// <summary>Registry settings and their one mirror parser, shared by <c>--registry-mirror</c> and <c>registries.HOST.mirrors</c>.</summary>
public sealed class RegistrySettingsTests
{
    [Theory]
    [InlineData("docker.io=http://127.0.0.1:5000", "docker.io", "http://127.0.0.1:5000/")]
    [InlineData("quay.io=https://mirror.example.com/quay/", "quay.io", "https://mirror.example.com/quay")]
    public void Mirror_is_parsed(string text, string host, string url)
    {
        var mirror = RegistryMirror.Parse(text);
        Assert.Equal(host, mirror.Host);
        Assert.Equal(url, mirror.Url.ToString());
    }

    [Theory]
    [InlineData("docker.io")]
    [InlineData("=http://x")]
    [InlineData("docker.io=ftp://x")]
    [InlineData("docker.io=not a url")]
    public void Bad_mirror_is_a_format_error(string text) =>
        Assert.Throws<RegistryMirrorFormatException>(() => RegistryMirror.Parse(text));

    [Fact]
    public void Mirror_URL_with_a_password_is_refused_without_echoing_it()
    {
        var error = Assert.Throws<RegistryMirrorFormatException>(() => RegistryMirror.Parse("docker.io=https://user:hunter2@mirror.example.com"));
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_treat_Docker_Hub_names_alike_and_insecure_per_host_only()
    {
        var settings = new RegistrySettings([RegistryMirror.Parse("docker.io=http://127.0.0.1:5000")], ["registry.local:5000"]);
        Assert.Single(settings.MirrorsFor("index.docker.io"));
        Assert.Empty(settings.MirrorsFor("quay.io"));
        Assert.True(settings.IsInsecure("REGISTRY.local:5000"));
        Assert.False(settings.IsInsecure("registry.local"));
        Assert.False(settings.IsInsecure("quay.io"));
    }

    [Fact]
    public void The_command_lines_mirrors_for_a_host_replace_the_settings_files_and_other_hosts_keep_theirs()
    {
        var file = new RegistrySettings(
            [RegistryMirror.Create("docker.io", "https://b.example"), RegistryMirror.Create("docker.io", "https://c.example"), RegistryMirror.Create("quay.io", "https://q.example"), RegistryMirror.Create("quay.io", "https://p.example")],
            ["q.local"]);
        var commandLine = new RegistrySettings([RegistryMirror.Parse("index.docker.io=https://a.example/"), RegistryMirror.Parse("docker.io=https://d.example/")], ["r.local"]);

        var merged = file.After(commandLine);

        Assert.Equal(["https://a.example/", "https://d.example/"], merged.MirrorsFor("docker.io").Select(u => u.ToString()));
        Assert.Equal(["https://q.example/", "https://p.example/"], merged.MirrorsFor("quay.io").Select(u => u.ToString()));
        Assert.True(merged.IsInsecure("q.local"));
        Assert.True(merged.IsInsecure("r.local"));
    }

    [Fact]
    public void A_mirror_only_host_from_either_source_stays_mirror_only_and_one_without_a_mirror_is_named()
    {
        var file = new RegistrySettings([RegistryMirror.Create("docker.io", "https://b.example")], [], ["index.docker.io"]);
        var commandLine = new RegistrySettings([], [], ["quay.io"]);

        var merged = file.After(commandLine);

        Assert.True(merged.IsMirrorOnly("registry-1.docker.io"));
        Assert.True(merged.IsMirrorOnly("QUAY.IO"));
        Assert.False(merged.IsMirrorOnly("ghcr.io"));
        Assert.Equal(["quay.io"], merged.MirrorOnlyHostsWithoutMirror);
        Assert.Equal("docker.io https://b.example/ mirror-only\nquay.io mirror-only", merged.ToString());
        Assert.NotEqual(merged, new RegistrySettings(merged.Mirrors, []));
    }

    [Fact]
    public void Settings_with_the_same_hosts_mirrors_and_insecure_hosts_are_equal()
    {
        var one = new RegistrySettings([RegistryMirror.Parse("docker.io=https://a.example")], ["q.local"]);
        var other = new RegistrySettings([RegistryMirror.Parse("Docker.IO=https://a.example/")], ["Q.LOCAL"]);

        Assert.Equal(one, other);
        Assert.NotEqual(one, RegistrySettings.Empty);
    }
}
