
using System.Text.RegularExpressions;
using CsCheck;
using GitStreamSync.Core.Images;
namespace GitStreamSync.Core.Tests.Images;

public sealed class DigestTests
{
    [Fact]
    public void Sha256_of_bytes_matches_the_known_empty_digest()
    {
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.ComputeSha256([]).ToString());
    }

    [Theory]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("sha256:e3b0")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("invaliddigest:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    [InlineData("sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void Rejects_malformed_digests(string text)
    {
        Assert.False(Digest.TryParse(text, out _));
        Assert.Throws<DigestFormatException>(() => Digest.Parse(text));
    }

    // Strings close to the usual sha256 form: right and wrong lengths, upper case, other
    // characters, other algorithms, a trailing newline.
    private static readonly Gen<string> NearlySha256 = Gen.Select(
        Gen.OneOfConst("sha256:", "sha256:", "sha256:", "SHA256:", "sha256", "sha512:", "sha25:", ""),
        Gen.String[Gen.Char["0123456789abcdef"], 64, 64],
        Gen.Int[0, 70],
        Gen.OneOfConst("", "", "drop", "A", "F", "g", ":", "\n", " ", "0"),
        Gen.OneOfConst("", "", "\n", " "),
        (algorithm, hex, at, change, tail) =>
        {
            var i = Math.Min(at, hex.Length);
            var body = change switch
            {
                "" => hex,
                "drop" => i < hex.Length ? hex.Remove(i, 1) : hex[..^1],
                _ => hex.Insert(i, change),
            };
            return algorithm + body + tail;
        });

    [Fact]
    public void Any_text_reads_as_the_sha256_digest_it_spells_and_nothing_else()
    {
        NearlySha256.Sample(text =>
        {
            var strict = Regex.Match(text, "^sha256:([0-9a-f]{64})\n?\\z", RegexOptions.CultureInvariant);
            Assert.Equal(strict.Success, Digest.TryParse(text, out var digest));
            if (strict.Success)
            {
                Assert.Equal("sha256", digest!.Algorithm);
                Assert.Equal(strict.Groups[1].Value, digest.Hex);
                Assert.True(digest.IsSha256);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void The_usual_sha256_form_reads_as_itself()
    {
        var text = "sha256:" + new string('a', 32) + new string('0', 32);
        Assert.True(Digest.TryParse(text, out var digest));
        Assert.Equal(text, digest.ToString());
        Assert.Equal(Digest.Parse(text), digest);
    }
}
