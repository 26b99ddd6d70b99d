using GitStreamSync.Core.Images;
using static GitStreamSync.Core.Tests.Images.ReferenceVectors;

namespace GitStreamSync.Core.Tests.Images;

/// <summary>
/// Invalid references and the reason given. From distribution/reference and library-go vectors;
/// where the two disagree the rule of imagestream-semantics.md section 3 decides, and the case
/// says so.
/// </summary>
public sealed class ImageReferenceInvalidTests
{
    private const string Format = "invalid reference format";
    private const string Lowercase = "repository name must be lowercase";
    private const string TooLong = "must not be more than 255 characters";
    private const string RegistryOnly = "names a registry but no repository";
    private const string BadTag = "invalid tag";
    private const string BadHost = "invalid registry host";
    private const string BadDigest = "is not a digest";
    private const string Scheme = "no URL scheme";

    // input, a fragment of the reason
    public static TheoryData<string, string> Distribution => new()
    {
        { "", "empty" },
        { ":justtag", Format },
        { "@" + AllF, Format },
        { "repo@sha256:ffffffffffffffffffffffffffffffffff", "64 lowercase hex" },
        { "validname@invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "unsupported digest algorithm" },
        { "Uppercase:tag", Lowercase },
        { "test:5000/Uppercase/lowercase:tag", Lowercase },
        { TooLongPath + ":tag", TooLong },
        { "aa/asdf$$^/aa", Format },
        { "[2001:db8::1]", BadTag },
        { "[2001:db8::1]:5000", BadTag },
        { "[2001:db8::1]:tag", BadTag },
        { "[fe80::1%eth0]:5000/repo", BadHost },
        { "[fe80::1%@invalidzone]:5000/repo", BadDigest },
        { "https://github.com/docker/docker", Scheme },
        { "docker/Docker", Lowercase },
        { "-docker", Format },
        { "-docker/docker", Format },
        { "-docker.io/docker/docker", BadHost },
        { "docker///docker", Format },
        { "docker.io/docker/Docker", Lowercase },
        { "docker.io/docker///docker", Format },
        { "[fc00::1]", BadTag },
        { "[fc00::1]:5000", BadTag },
        { "fc00::1:5000/debian", BadHost },
        { "[fe80::1%eth0]:5000/debian", BadHost },
        { "[2001:db8:3:4::192.0.2.33]:5000/debian", BadHost },
        { HexName, "looks like an image ID" },
        { "docker-/docker", Format },
        { "-docker-/docker", Format },
        { "____/____", Format },
        { "_docker/_docker", Format },
        { "dock..er/docker", BadHost },
        { "dock_.er/docker", BadHost },
        { "dock-.er/docker", BadHost },
        { "docker/", Format },
        { new string('n', 256) + "/docker", TooLong },

        // distribution takes an uppercase first component as a host (normalize.go); library-go as a
        // Docker Hub user. Neither can be pulled, so the lowercase rule wins.
        { "Docker/docker", Lowercase },
        { "Foo/bar", Lowercase },
    };

    public static TheoryData<string, string> LibraryGo => new()
    {
        { $"bar:5000/{new string('a', 63)}/{new string('b', 183)}:tag", TooLong },
        { $"docker.io/{new string('b', 246)}:tag", TooLong },
        { "registry.io/foo/bar/:Tag", Format },
        { "https://bar:5000/foo/baz", Scheme },
        { "http://bar:5000/foo/baz@" + Sha3c87, Scheme },
        { "registry:3000/integration/imageStream:success", Lowercase },
        { "registry:5000/integration/test-image-stream@sha256:00000000000000000000000000000001", "64 lowercase hex" },
        { "abc@badid", "is not a digest" },
        { "index.docker.io/mysql@sha256:bad", "is not a digest" },
        { "@" + Sha3c87, Format },
        { ":tag", Format },
        { "bar/foo/baz////biz", Format },
        { "//foo/baz/biz", Format },
        { "ftp://baz/baz/biz", Scheme },

        // library-go reads a lone component with a dot or a localhost prefix as a registry only;
        // distribution reads "test.com:5000" as repository test.com, tag 5000. An ImageStream
        // source must name a repository, so both are refused.
        { "quay.io", RegistryOnly },
        { "localhost:5000", RegistryOnly },
        { "test.com:5000", RegistryOnly },
        { "192.168.1.1", RegistryOnly },
        { "foo_bar.com:8080", RegistryOnly },
        { "localhost", RegistryOnly },
        { "ubuntu-12.04-base", "docker.io/NAME" },

        // Tag and digest grammar.
        { "foo:" + new string('t', 129), BadTag },
        { "foo:-tag", BadTag },
        { "foo:.tag", BadTag },
        { "foo:ta g", BadTag },
        { "ubuntu:16.04:extra", BadTag },
        { "ubuntu:t\u00e4g", BadTag },
        { "ubuntu:\u0661\u0662", BadTag },
        { "\u00fcbuntu:1", Format },
        { "busybox@sha256:86E0E091D0DA6BDE2456DBB48306F3956BBEB2EAE1B5B9A43045843F69FE4AAA", "64 lowercase hex" },
        { "busybox@md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported digest algorithm" },
        { "foo@" + AllF + "@" + AllF, BadDigest },
        { " ubuntu", Format },
        { "ubuntu ", Format },
    };

    [Theory]
    [MemberData(nameof(Distribution))]
    [MemberData(nameof(LibraryGo))]
    public void Refuses_with_a_plain_reason(string input, string reason)
    {
        Assert.False(ImageReference.TryParse(input, out var reference, out var error));
        Assert.Null(reference);
        Assert.True(error.Contains(reason, StringComparison.Ordinal), $"{input}: {error}");

        var exception = Assert.Throws<ImageReferenceFormatException>(() => ImageReference.Parse(input));
        Assert.Equal(input, exception.Reference);
        Assert.Equal(error, exception.Reason);
        Assert.IsAssignableFrom<FormatException>(exception);
    }

    [Fact]
    public void Null_is_refused_without_throwing()
    {
        Assert.False(ImageReference.TryParse(null, out _));
    }

    [Fact]
    public void The_tables_hold_at_least_45_invalid_references()
    {
        var inputs = Distribution.Concat(LibraryGo).Select(row => (string)row[0]).ToList();

        Assert.True(inputs.Count >= 45, $"{inputs.Count} invalid references");
        Assert.Equal(inputs.Count, inputs.Distinct(StringComparer.Ordinal).Count());
    }
}
