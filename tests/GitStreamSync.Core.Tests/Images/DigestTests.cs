
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
}
