using System.Security.Cryptography;
using System.Text;
using GitStreamSync.Cli.Hosting;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>Push notifications as untrusted input: the secret first, then the shape; only manifest pushes count.</summary>
public sealed class PushNotificationsTests
{
    private const string Secret = "n0tify-Sh4red-Secret";

    // As docker-registry 2.8 sends it for one docker push: a layer blob, then the manifest by tag.
    private const string Envelope = """
        {"events":[
          {"id":"1","timestamp":"2026-11-28T10:00:00Z","action":"push","target":{"mediaType":"application/octet-stream","size":10,"digest":"sha256:aa","length":10,"repository":"team/app","url":"http://127.0.0.1:5000/v2/team/app/blobs/sha256:aa"},"request":{"host":"127.0.0.1:5000","method":"PUT"}},
          {"id":"2","timestamp":"2026-11-28T10:00:01Z","action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":400,"digest":"sha256:bb","length":400,"repository":"team/app","url":"http://127.0.0.1:5000/v2/team/app/manifests/sha256:bb","tag":"1.0"},"request":{"host":"127.0.0.1:5000","method":"PUT"}},
          {"id":"3","timestamp":"2026-11-28T10:00:02Z","action":"pull","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","repository":"team/other","url":"http://127.0.0.1:5000/v2/team/other/manifests/sha256:cc","tag":"1.0"}}
        ]}
        """;

    [Theory]
    [InlineData(null, PushNotifications.DistributionMediaType, Envelope, 401)]
    [InlineData("Bearer wrong-secret", PushNotifications.DistributionMediaType, Envelope, 401)]
    [InlineData("bearer " + Secret + "x", PushNotifications.DistributionMediaType, Envelope, 401)]
    [InlineData("Bearer " + Secret, "text/plain", Envelope, 400)]
    [InlineData("Bearer " + Secret, PushNotifications.DistributionMediaType, "{\"events\":", 400)]
    [InlineData("Bearer " + Secret, PushNotifications.DistributionMediaType, "[1,2]", 400)]
    [InlineData("Bearer " + Secret, PushNotifications.DistributionMediaType, "{\"events\":{}}", 400)]
    public void A_registry_notification_without_the_secret_or_of_the_wrong_shape_is_refused_and_names_no_image(string? authorization, string contentType, string body, int status)
    {
        var answer = PushNotifications.FromRegistry(authorization, contentType, Encoding.UTF8.GetBytes(body), Secret);

        Assert.Equal(status, answer.Status);
        Assert.Empty(answer.Images);
        Assert.DoesNotContain(Secret, answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registry_notification_names_the_repositories_whose_manifests_were_pushed()
    {
        var answer = PushNotifications.FromRegistry("Bearer " + Secret, PushNotifications.DistributionMediaType + "; charset=utf-8", Encoding.UTF8.GetBytes(Envelope), Secret);

        Assert.Equal(202, answer.Status);
        Assert.Equal(["127.0.0.1:5000/team/app"], answer.Images);

        // "sha256:bb" is no digest: the event's tag is not taken as a hint.
        Assert.Empty(answer.Tags);
    }

    [Theory]
    [InlineData("\"tag\":\"1.0\",\"digest\":\"sha256:" + Hex + "\"", "1.0")]
    [InlineData("\"digest\":\"sha256:" + Hex + "\"", null)]
    [InlineData("\"tag\":\"1.0\",\"digest\":\"sha256:" + Hex + "x\"", null)]
    [InlineData("\"tag\":\"bad tag\",\"digest\":\"sha256:" + Hex + "\"", null)]
    [InlineData("\"tag\":1,\"digest\":\"sha256:" + Hex + "\"", null)]
    public void A_manifest_pushed_by_tag_names_the_tag_and_its_digest_only_when_both_are_well_formed(string fields, string? tag)
    {
        var body = $"{{\"events\":[{{\"action\":\"push\",\"target\":{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"repository\":\"team/app\",\"url\":\"http://127.0.0.1:5000/v2/team/app/manifests/x\",{fields}}}}}]}}";

        var answer = PushNotifications.FromRegistry("Bearer " + Secret, PushNotifications.DistributionMediaType, Encoding.UTF8.GetBytes(body), Secret);

        Assert.Equal(["127.0.0.1:5000/team/app"], answer.Images);
        Assert.Equal(tag is null ? [] : [new TagDigest("127.0.0.1:5000/team/app", tag, "sha256:" + Hex)], answer.Tags);
    }

    private const string Hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_GitHub_registry_package_webhook_is_taken_only_with_its_signature()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"action":"published","registry_package":{"name":"app","namespace":"Example-Org","package_type":"CONTAINER",
             "package_version":{"package_url":"ghcr.io/example-org/app:1.0","container_metadata":{"tag":{"name":"1.0","digest":"sha256:bb"}}}}}
            """);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));

        var signed = PushNotifications.FromGitHub(signature, "registry_package", body, Secret);
        var unsigned = PushNotifications.FromGitHub(null, "registry_package", body, Secret);
        var forged = PushNotifications.FromGitHub("sha256=" + new string('0', 64), "registry_package", body, Secret);
        var tampered = PushNotifications.FromGitHub(signature, "registry_package", [.. body, (byte)' '], Secret);

        Assert.Equal(202, signed.Status);
        Assert.Equal(["ghcr.io/example-org/app"], signed.Images);
        Assert.Empty(signed.Tags);
        Assert.All([unsigned, forged, tampered], a => Assert.Equal((401, 0), (a.Status, a.Images.Count)));
    }

    [Fact]
    public void A_push_makes_due_only_the_streams_that_follow_the_pushed_image()
    {
        ImageStreamDocument Stream(string name, string image) => new()
        {
            FilePath = "streams.yaml",
            Format = DocumentFormat.Yaml,
            DocumentIndex = 0,
            Name = name,
            Location = new SourceLocation(1, 1),
            Span = new TextSpan(0, 0),
            Annotations = new Dictionary<string, string> { [ScheduleAnnotations.Schedule] = "0 3 * * *" },
            SpecTags = [new SpecTag { Name = "1.0", From = new TagSource(TagSourceKind.DockerImage, image), Location = new SourceLocation(1, 1) }],
        };

        var selection = DueStreamSelector.Select(
            [Stream("app", "127.0.0.1:5000/team/app:1.0"), Stream("other", "127.0.0.1:5000/team/other:1.0"), Stream("mirror", "registry.example:5000/team/app:1.0")],
            DueRule.Pushed(new HashSet<string>(["127.0.0.1:5000/team/app"], StringComparer.Ordinal)),
            ScheduleDefaults.Utc);

        Assert.Equal(["streams.yaml#app"], selection.Due!);
        Assert.Equal("127.0.0.1:5000/team/app was pushed", selection.Decisions[0].Reason);
    }
}
