using GitStreamSync.Core.Images;
using static GitStreamSync.Core.Tests.Images.ReferenceVectors;

namespace GitStreamSync.Core.Tests.Images;

/// <summary>
/// Valid references and how they split into registry, path, tag and digest. Cases come from the
/// public vectors of distribution/reference (reference_test.go, normalize_test.go) and library-go
/// pkg/image/reference, read with the registry rule of imagestream-semantics.md section 3: the
/// first component is a registry only if it has '.' or ':' or is "localhost"
/// (so distribution's Domain("foo/foo_bar.com") = "foo" is Docker Hub user "foo" here).
/// </summary>
public sealed class ImageReferenceValidTests
{
    // input, registry, path, tag, digest
    public static TheoryData<string, string?, string, string?, string?> Distribution => new()
    {
        { "test_com", null, "test_com", null, null },
        { "test.com/repo:tag", "test.com", "repo", "tag", null },
        { "test:5000/repo", "test:5000", "repo", null, null },
        { "test:5000/repo:tag", "test:5000", "repo", "tag", null },
        { "test:5000/repo@" + AllF, "test:5000", "repo", null, AllF },
        { "test:5000/repo:tag@" + AllF, "test:5000", "repo", "tag", AllF },
        { "lowercase:Uppercase", null, "lowercase", "Uppercase", null },
        { LongestPath + ":tag-puts-this-over-max", null, LongestPath, "tag-puts-this-over-max", null },
        { "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "bar/baz/quux", null, null },
        { "sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux", "some-long-tag", null },
        { "b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app", "test.example.com", null },
        { "xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage", "xn--n3h.com", null },
        { "xn--7o8h.com/myimage:xn--7o8h.com@" + Sha512AllF, "xn--7o8h.com", "myimage", "xn--7o8h.com", Sha512AllF },
        { "foo/foo_bar.com:8080", null, "foo/foo_bar.com", "8080", null },
        { "192.168.1.1/repo", "192.168.1.1", "repo", null, null },
        { "192.168.1.1:5000/repo", "192.168.1.1:5000", "repo", null, null },
        { "192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo", "5050", null },
        { "[2001:db8::1]/repo", "[2001:db8::1]", "repo", null, null },
        { "[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo", "tag", null },
        { "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "repo", null, null },
        { "[2001:db8::1]:5000/repo:tag", "[2001:db8::1]:5000", "repo", "tag", null },
        { "[2001:db8::1]:5000/repo@" + AllF, "[2001:db8::1]:5000", "repo", null, AllF },
        { "[2001:db8::1]:5000/repo:tag@" + AllF, "[2001:db8::1]:5000", "repo", "tag", AllF },
        { "[2001:db8::]:5000/repo", "[2001:db8::]:5000", "repo", null, null },
        { "[::1]:5000/repo", "[::1]:5000", "repo", null, null },
        { "test.com/foo", "test.com", "foo", null, null },
        { "test_com/foo", null, "test_com/foo", null, null },
        { "test:8080/foo", "test:8080", "foo", null, null },
        { "test.com:8080/foo", "test.com:8080", "foo", null, null },
        { "test-com:8080/foo", "test-com:8080", "foo", null, null },
        { "xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo", null, null },
        { "example.com:8000/named", "example.com:8000", "named", null, null },
        { "example.com:8000/named:tagged", "example.com:8000", "named", "tagged", null },
        { "other.com/named@" + Numbers, "other.com", "named", null, Numbers },
        { "test.com:8000/foo:TAG5", "test.com:8000", "foo", "TAG5", null },
        { "test.com:8000/foo:latest@" + AllF, "test.com:8000", "foo", "latest", AllF },
    };

    public static TheoryData<string, string?, string, string?, string?> Normalize => new()
    {
        { "docker/docker", null, "docker/docker", null, null },
        { "library/debian", null, "library/debian", null, null },
        { "debian", null, "debian", null, null },
        { "docker.io/docker/docker", "docker.io", "docker/docker", null, null },
        { "docker.io/library/debian", "docker.io", "library/debian", null, null },
        { "docker.io/debian", "docker.io", "debian", null, null },
        { "index.docker.io/docker/docker", "index.docker.io", "docker/docker", null, null },
        { "index.docker.io/library/debian", "index.docker.io", "library/debian", null, null },
        { "index.docker.io/debian", "index.docker.io", "debian", null, null },
        { "127.0.0.1:5000/docker/docker", "127.0.0.1:5000", "docker/docker", null, null },
        { "127.0.0.1:5000/library/debian", "127.0.0.1:5000", "library/debian", null, null },
        { "127.0.0.1:5000/debian", "127.0.0.1:5000", "debian", null, null },
        { "192.168.0.1:8/debian", "192.168.0.1:8", "debian", null, null },
        { "192.168.0.2:25000/debian", "192.168.0.2:25000", "debian", null, null },
        { "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", null, "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", null, null },
        { "[fc00::1]:5000/docker", "[fc00::1]:5000", "docker", null, null },
        { "[fc00::1]:5000/docker/docker", "[fc00::1]:5000", "docker/docker", null, null },
        { "[fc00:1:2:3:4:5:6:7]:5000/library/debian", "[fc00:1:2:3:4:5:6:7]:5000", "library/debian", null, null },
        { "docker.io/" + HexName, "docker.io", HexName, null, null },
        { "docker-rules/docker", null, "docker-rules/docker", null, null },
        { "docker---rules/docker", null, "docker---rules/docker", null, null },
        { "doc/docker", null, "doc/docker", null, null },
        { "d/docker", null, "d/docker", null, null },
        { "jess/t", null, "jess/t", null, null },
        { "dock__er/docker", null, "dock__er/docker", null, null },
        { "fooo/bar", null, "fooo/bar", null, null },
        { "library/ubuntu", null, "library/ubuntu", null, null },
        { "nonlibrary/ubuntu", null, "nonlibrary/ubuntu", null, null },
        { "other/library", null, "other/library", null, null },
        { "127.0.0.1:8000/private/moonbase", "127.0.0.1:8000", "private/moonbase", null, null },
        { "127.0.0.1:8000/privatebase", "127.0.0.1:8000", "privatebase", null, null },
        { "example.com/private/moonbase", "example.com", "private/moonbase", null, null },
        { "example.com/privatebase", "example.com", "privatebase", null, null },
        { "example.com:8000/private/moonbase", "example.com:8000", "private/moonbase", null, null },
        { "example.com:8000/privatebasee", "example.com:8000", "privatebasee", null, null },
        { "library/ubuntu-12.04-base", null, "library/ubuntu-12.04-base", null, null },
        { "library/foo/bar", null, "library/foo/bar", null, null },
        { "store/foo/bar", null, "store/foo/bar", null, null },
        { "busybox:latest@" + Busybox, null, "busybox", "latest", Busybox },
        { "redis", null, "redis", null, null },
        { "redis:latest", null, "redis", "latest", null },
        { "docker.io/library/redis:latest", "docker.io", "library/redis", "latest", null },
        { "redis@" + Dbcc, null, "redis", null, Dbcc },
        { "dmcgowan/myapp@" + Dbcc, null, "dmcgowan/myapp", null, Dbcc },
        { "docker.io/mcgowan/myapp:latest", "docker.io", "mcgowan/myapp", "latest", null },
        { "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", null, "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9", null, null },
        { "dbcc1", null, "dbcc1", null, null },
    };

    [Theory]
    [MemberData(nameof(Distribution))]
    [MemberData(nameof(Normalize))]
    [MemberData(nameof(LibraryGoVectors.Valid), MemberType = typeof(LibraryGoVectors))]
    public void Splits_registry_path_tag_and_digest(string input, string? registry, string path, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(input);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(path, reference.Path);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest?.ToString());
        Assert.Equal(registry is null ? path : registry + "/" + path, reference.Name);
    }

    [Theory]
    [MemberData(nameof(Distribution))]
    [MemberData(nameof(Normalize))]
    [MemberData(nameof(LibraryGoVectors.Valid), MemberType = typeof(LibraryGoVectors))]
    public void Prints_back_exactly_as_written(string input, string? registry, string path, string? tag, string? digest)
    {
        _ = (registry, path, tag, digest);

        Assert.True(ImageReference.TryParse(input, out var reference, out var error), error);
        Assert.Equal(input, reference.ToString());
        Assert.Equal("", error);
    }

    [Fact]
    public void The_tables_hold_at_least_110_valid_references()
    {
        var count = Distribution.Count + Normalize.Count + LibraryGoVectors.Valid.Count;
        var distinct = Distribution.Concat(Normalize).Concat(LibraryGoVectors.Valid).Select(row => (string)row[0]).Distinct(StringComparer.Ordinal).Count();

        Assert.True(distinct >= 110, $"{distinct} distinct valid references");
        Assert.Equal(count, distinct);
    }
}
