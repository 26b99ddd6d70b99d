using static GitStreamSync.Core.Tests.Images.ReferenceVectors;

namespace GitStreamSync.Core.Tests.Images;

/// <summary>
/// library-go pkg/image/reference vectors (its Namespace/Name split is our Path joined with '/'),
/// and references as OpenShift users write them in ImageStreams.
/// </summary>
internal static class LibraryGoVectors
{
    private static readonly string A63 = new('a', 63);
    private static readonly string B182 = new('b', 182);
    private static readonly string B231 = new('b', 231);

    // input, registry, path, tag, digest
    public static TheoryData<string, string?, string, string?, string?> Valid => new()
    {
        { "foo", null, "foo", null, null },
        { "foo:tag", null, "foo", "tag", null },
        { Sha3c87, null, "sha256", Sha3c87["sha256:".Length..], null },
        { "foo@" + Sha3c87, null, "foo", null, Sha3c87 },
        { "bar/foo", null, "bar/foo", null, null },
        { "bar/foo:tag", null, "bar/foo", "tag", null },
        { "bar/foo@" + Sha3c87, null, "bar/foo", null, Sha3c87 },
        { "bar/foo/baz", null, "bar/foo/baz", null, null },
        { "bar/library/baz", null, "bar/library/baz", null, null },
        { "bar/foo/baz:tag", null, "bar/foo/baz", "tag", null },
        { "bar/foo/baz@" + Sha3c87, null, "bar/foo/baz", null, Sha3c87 },
        { "bar:5000/foo/baz", "bar:5000", "foo/baz", null, null },
        { "bar:5000/library/baz", "bar:5000", "library/baz", null, null },
        { "bar:5000/baz", "bar:5000", "baz", null, null },
        { "bar:5000/foo/baz:tag", "bar:5000", "foo/baz", "tag", null },
        { "bar:5000/foo/baz@" + Sha3c87, "bar:5000", "foo/baz", null, Sha3c87 },
        { "myregistry.io/foo", "myregistry.io", "foo", null, null },
        { "localhost/bar", "localhost", "bar", null, null },
        { "docker.io/library/myapp", "docker.io", "library/myapp", null, null },
        { "docker.io/myapp", "docker.io", "myapp", null, null },
        { "docker.io/user/myapp", "docker.io", "user/myapp", null, null },
        { "docker.io/user/project/myapp", "docker.io", "user/project/myapp", null, null },
        { "index.docker.io/bar", "index.docker.io", "bar", null, null },
        { $"bar:5000/{A63}/{B182}:tag", "bar:5000", $"{A63}/{B182}", "tag", null },
        { $"docker.io/library/{B231}:tag", "docker.io", $"library/{B231}", "tag", null },
        { $"docker.io/{B231}:tag", "docker.io", B231, "tag", null },
        { "quay.io/org", "quay.io", "org", null, null },
        { "localhost:5000/org", "localhost:5000", "org", null, null },
        { "bar/foo/baz/biz", null, "bar/foo/baz/biz", null, null },

        // As written in ImageStreams.
        { "ubuntu:16.04", null, "ubuntu", "16.04", null },
        { "registry.access.redhat.com/ubi9/ubi-minimal:9.4", "registry.access.redhat.com", "ubi9/ubi-minimal", "9.4", null },
        { "registry.redhat.io/rhel8/postgresql-15:1-54", "registry.redhat.io", "rhel8/postgresql-15", "1-54", null },
        { "quay.io/prometheus/node-exporter:v1.8.2", "quay.io", "prometheus/node-exporter", "v1.8.2", null },
        { "image-registry.openshift-image-registry.svc:5000/myproject/myapp:latest", "image-registry.openshift-image-registry.svc:5000", "myproject/myapp", "latest", null },
        { "registry-1.docker.io/library/nginx:1.27-alpine", "registry-1.docker.io", "library/nginx", "1.27-alpine", null },
        { "ghcr.io/fluxcd/source-controller:v1.4.1", "ghcr.io", "fluxcd/source-controller", "v1.4.1", null },
        { "mcr.microsoft.com/dotnet/aspnet:10.0", "mcr.microsoft.com", "dotnet/aspnet", "10.0", null },
        { "localhost:5000/a/b/c:1.0", "localhost:5000", "a/b/c", "1.0", null },
        { "Registry.Example.com/app", "Registry.Example.com", "app", null, null },
        { "foo:_underscore_first", null, "foo", "_underscore_first", null },
        { "foo:" + new string('t', 128), null, "foo", new string('t', 128), null },
        { "quay.io/openshift/origin-cli:4.16@" + AllF, "quay.io", "openshift/origin-cli", "4.16", AllF },
        { "nginx@sha384:" + new string('a', 96), null, "nginx", null, "sha384:" + new string('a', 96) },
    };
}
