using GitStreamSync.Core.Images;
using GitStreamSync.Core.Propose;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>Pull-request content for a run that changed many tags: 50 tags per ImageStream, one stream per file, every digest distinct (random bytes do not compress).</summary>
internal static class ManyTags
{
    public static readonly DateTimeOffset Seen = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    public static Digest DigestOf(string text) =>
        Digest.Parse("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));

    public static PullRequestContent Content(int tags, int perStream = 50) => new()
    {
        BaseBranch = "main",
        RunId = "20261128T040000Z-1a2b3c",
        Changes = [.. Enumerable.Range(0, tags).Select(i =>
        {
            var stream = (i / perStream).ToString("D4", CultureInfo.InvariantCulture);
            var tag = $"v1.{(i % perStream).ToString(CultureInfo.InvariantCulture)}.0";
            return new PullRequestTagChange(
                new($"streams/app-{stream}.yaml", $"app-{stream}", tag),
                $"quay.io/acme/app-{stream}:{tag}",
                DigestOf($"old {i}"),
                DigestOf($"new {i}"),
                null,
                Seen.AddMinutes(-(i % 3)));
        })],
    };
}
