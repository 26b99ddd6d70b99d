using GitStreamSync.Core.Images;
using static GitStreamSync.Core.Tests.Images.ReferenceVectors;

namespace GitStreamSync.Core.Tests.Images;

/// <summary>
/// Docker Hub defaults applied only when contacting a registry (library-go DockerClientDefaults,
/// AsV2; distribution normalize_test.go TestNormalizedSplitHostname, TestParseRepositoryInfo),
/// and the pull spec OpenShift records (semantics doc 2.8).
/// </summary>
public sealed class ImageReferenceContactTests
{
    // input, host, endpoint host, repository, reference, normalized
    public static TheoryData<string, string, string, string, string, string> Contacts => new()
    {
        { "ubuntu:16.04", "docker.io", "registry-1.docker.io", "library/ubuntu", "16.04", "docker.io/library/ubuntu:16.04" },
        { "foo", "docker.io", "registry-1.docker.io", "library/foo", "latest", "docker.io/library/foo:latest" },
        { "docker.io/foo", "docker.io", "registry-1.docker.io", "library/foo", "latest", "docker.io/library/foo:latest" },
        { "docker.io/library/foo", "docker.io", "registry-1.docker.io", "library/foo", "latest", "docker.io/library/foo:latest" },
        { "docker.io/library/foo/bar", "docker.io", "registry-1.docker.io", "library/foo/bar", "latest", "docker.io/library/foo/bar:latest" },
        { "index.docker.io/bar", "index.docker.io", "registry-1.docker.io", "library/bar", "latest", "index.docker.io/library/bar:latest" },
        { "index.docker.io/fooo/bar:1", "index.docker.io", "registry-1.docker.io", "fooo/bar", "1", "index.docker.io/fooo/bar:1" },
        { "registry-1.docker.io/nginx", "registry-1.docker.io", "registry-1.docker.io", "library/nginx", "latest", "registry-1.docker.io/library/nginx:latest" },
        { "test_com/foo", "docker.io", "registry-1.docker.io", "test_com/foo", "latest", "docker.io/test_com/foo:latest" },
        { "docker/migrator", "docker.io", "registry-1.docker.io", "docker/migrator", "latest", "docker.io/docker/migrator:latest" },
        { "other/library", "docker.io", "registry-1.docker.io", "other/library", "latest", "docker.io/other/library:latest" },
        { "docker.io/ubuntu-12.04-base", "docker.io", "registry-1.docker.io", "library/ubuntu-12.04-base", "latest", "docker.io/library/ubuntu-12.04-base:latest" },
        { "library/ubuntu-12.04-base", "docker.io", "registry-1.docker.io", "library/ubuntu-12.04-base", "latest", "docker.io/library/ubuntu-12.04-base:latest" },
        { "busybox:latest@" + Busybox, "docker.io", "registry-1.docker.io", "library/busybox", Busybox, "docker.io/library/busybox@" + Busybox },
        { "redis@" + Dbcc, "docker.io", "registry-1.docker.io", "library/redis", Dbcc, "docker.io/library/redis@" + Dbcc },
        { "test.com:8080/foo", "test.com:8080", "test.com:8080", "foo", "latest", "test.com:8080/foo:latest" },
        { "quay.io/foo", "quay.io", "quay.io", "foo", "latest", "quay.io/foo:latest" },
        { "localhost:5000/foo:dev", "localhost:5000", "localhost:5000", "foo", "dev", "localhost:5000/foo:dev" },
        { "xn--n3h.com/foo", "xn--n3h.com", "xn--n3h.com", "foo", "latest", "xn--n3h.com/foo:latest" },
        { "registry.redhat.io/ubi9:9.4", "registry.redhat.io", "registry.redhat.io", "ubi9", "9.4", "registry.redhat.io/ubi9:9.4" },
        { "[::1]:5000/repo:tag", "[::1]:5000", "[::1]:5000", "repo", "tag", "[::1]:5000/repo:tag" },
    };

    [Theory]
    [MemberData(nameof(Contacts))]
    public void Applies_Docker_Hub_defaults_only_for_contact(string input, string host, string endpoint, string repository, string reference, string normalized)
    {
        var parsed = ImageReference.Parse(input);
        var contact = parsed.ToContact();

        Assert.Equal(new RegistryContact(host, endpoint, repository, reference), contact);
        Assert.Equal(normalized, contact.Normalized);
        Assert.Equal(input, parsed.ToString());
    }

    // from.name, digest, dockerImageReference OpenShift writes
    public static TheoryData<string, string, string> PullSpecs => new()
    {
        { "ubuntu:16.04", Dbcc, "ubuntu@" + Dbcc },
        { "ubuntu", Dbcc, "ubuntu@" + Dbcc },
        { "docker.io/library/ubuntu:16.04", Dbcc, "docker.io/library/ubuntu@" + Dbcc },
        { "quay.io/org/app:1.0@" + AllF, Dbcc, "quay.io/org/app@" + Dbcc },
        { "localhost:5000/a/b:tag", Dbcc, "localhost:5000/a/b@" + Dbcc },
        { "[::1]:5000/repo:tag", Busybox, "[::1]:5000/repo@" + Busybox },
        { "registry.access.redhat.com/ubi9/ubi:latest", Busybox, "registry.access.redhat.com/ubi9/ubi@" + Busybox },
    };

    [Theory]
    [MemberData(nameof(PullSpecs))]
    public void WithDigest_keeps_the_name_as_written_and_drops_the_tag(string from, string digest, string expected)
    {
        var pinned = ImageReference.Parse(from).WithDigest(Digest.Parse(digest));

        Assert.Equal(expected, pinned.ToString());
        Assert.Null(pinned.Tag);
        Assert.Equal(ImageReference.Parse(expected), pinned);
    }
}
