using CsCheck;
using GitStreamSync.Core.Configuration;

namespace GitStreamSync.Core.Tests.Configuration;

/// <summary>
/// Mirror URLs in their plain form are normalised by hand, everything else by <see cref="Uri"/>:
/// over generated URLs close to and far from the plain form, a mirror is accepted, refused and
/// normalised exactly as through <see cref="Uri"/> alone.
/// </summary>
public sealed class MirrorAddressTests
{
    private static readonly Gen<string> Label = Gen.OneOf(
        Gen.String[Gen.Char["abcxyz0189-"], 1, 8],
        Gen.String[Gen.Char["abcz09-_AZ%.ü:@"], 0, 6],
        Gen.OneOfConst("localhost", "mirror", "gcr", "io", "com", "xn--bcher-kva", "ab--cd", "1password", "0x7f", "-a", "a-", new string('a', 63), new string('b', 64)));

    private static readonly Gen<string> Host = Gen.OneOf(
        Gen.Select(Gen.Int[0, 300], Gen.Int[0, 300], Gen.Int[0, 300], Gen.Int[0, 300], Gen.OneOfConst("", "", "", "0", "00"),
            (a, b, c, d, zeros) => $"{zeros}{a}.{b}.{c}.{d}"),
        Gen.Select(Gen.Int[0, 300], Gen.Int[0, 300], (a, b) => $"{a}.{b}"),
        Gen.Select(Label.Array[1, 4], labels => string.Join('.', labels)),
        Gen.Select(Label.Array[1, 3], labels => string.Join('.', labels) + "."),
        Gen.OneOfConst("[::1]", "127.0.0.1", "mirror.gcr.io", "MIRROR.example.com", "bücher.de", "", new string('a', 63) + "." + new string('b', 63) + "." + new string('c', 63) + "." + new string('d', 61)));

    private static readonly Gen<string> Segment = Gen.OneOf(
        Gen.String[Gen.Char["abcXYZ019-._~"], 1, 6],
        Gen.OneOfConst(".", "..", "", "...", "v2", "a.b", "%41", "%7e", "a b", "a?b", "a#b", "a\\b", "ü", "a;b", "a=b", "a+b", "a!b", "a$b", "a'b", "a(b", "a*b", "a,b", "a:b", "a@b", "a[b", "a{b", "a|b", "a\"b", "a<b", "a^b", "a`b"));

    private static readonly Gen<string> Url = Gen.Select(
        Gen.OneOfConst("http://", "https://", "http://", "https://", "HTTP://", "Https://", "ftp://", "http:/", "http:", "", "http:///", "http:\\\\"),
        Gen.OneOfConst("", "", "", "", "u@", "u:p@", "@"),
        Host,
        Gen.OneOfConst("", "", "", ":", ":80", ":443", ":0", ":5000", ":08080", ":65535", ":65536", ":99999", ":1a", ":1"),
        Segment.Array[0, 4],
        Gen.OneOfConst("", "", "", "/", "//", "?q=1", "#f", " ", "\t"),
        Gen.OneOfConst("", "", "", " ", "\t"),
        (scheme, user, host, port, segments, tail, space) =>
            space + scheme + user + host + port + (segments.Length == 0 ? "" : "/" + string.Join('/', segments)) + tail + space);

    // URLs in the plain form, and the same with one character changed, inserted or dropped.
    private static readonly Gen<string> Plain = Gen.Select(
        Gen.OneOfConst("http://", "https://"),
        Gen.OneOf(
            Gen.Select(Gen.String[Gen.Char["abcxyz0189-"], 1, 8].Array[1, 4], labels => string.Join('.', labels)),
            Gen.Select(Gen.Int[0, 255], Gen.Int[0, 255], Gen.Int[0, 255], Gen.Int[0, 255], (a, b, c, d) => $"{a}.{b}.{c}.{d}")),
        Gen.OneOf(Gen.Const(""), Gen.Int[1, 65535].Select(p => ":" + p), Gen.OneOfConst(":80", ":443")),
        Gen.String[Gen.Char["abcXYZ019-._~"], 1, 6].Array[0, 3],
        Gen.OneOfConst("", "/", "//"),
        (scheme, host, port, segments, tail) => scheme + host + port + string.Concat(segments.Select(s => "/" + s)) + tail);

    private static readonly Gen<string> NearlyPlain = Gen.Select(
        Plain,
        Gen.Int[0, 80],
        Gen.OneOfConst("drop", "A", "Z", "_", "%", "%41", ".", "..", "/", ":", "@", "?", "#", "\\", " ", "ü", "0", "-", "[", "]", "!", "~"),
        (url, at, change) =>
        {
            var i = Math.Min(at, url.Length);
            return change == "drop" ? (i < url.Length ? url.Remove(i, 1) : url[..^1]) : url.Insert(i, change);
        });

    [Fact]
    public void Any_mirror_URL_is_accepted_refused_and_normalised_as_by_Uri_alone()
    {
        var plain = 0;
        var other = 0;
        Gen.OneOf(Url, Plain, NearlyPlain).Sample(text =>
        {
            var byUri = Outcome(() => RegistryMirror.NormalizeByUri(text.Trim()));
            var byCreate = Outcome(() => RegistryMirror.Create("docker.io", text).Address);
            Assert.Equal(byUri, byCreate);
            if (MirrorAddress.TryNormalizePlain(text.Trim(), out var address))
            {
                Assert.Equal(byUri, "ok " + address);
                Interlocked.Increment(ref plain);
            }
            else
            {
                Interlocked.Increment(ref other);
            }
        }, iter: 60_000);

        // Both ways are taken often enough for the comparison to mean something.
        Assert.True(plain > 2_000, $"plain form {plain} times");
        Assert.True(other > 2_000, $"other forms {other} times");
    }

    [Theory]
    [InlineData("https://mirror.gcr.io", "https://mirror.gcr.io")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000")]
    [InlineData("https://mirror.example.com:443/quay/v2//", "https://mirror.example.com/quay/v2")]
    [InlineData("http://localhost:80", "http://localhost")]
    [InlineData("https://registry-1.example:8443/Docker_Hub/~cache", "https://registry-1.example:8443/Docker_Hub/~cache")]
    public void The_plain_form_is_normalised_without_Uri(string text, string address)
    {
        Assert.True(MirrorAddress.TryNormalizePlain(text, out var normalised));
        Assert.Equal(address, normalised);
        Assert.Equal(RegistryMirror.NormalizeByUri(text), normalised);
    }

    [Theory]
    [InlineData("HTTPS://mirror.gcr.io")]
    [InlineData("https://Mirror.gcr.io")]
    [InlineData("http://127.1:5000")]
    [InlineData("http://0127.0.0.1")]
    [InlineData("http://1.2.3.4.5")]
    [InlineData("http://mirror.example/a/../b")]
    [InlineData("http://mirror.example/%7Ecache")]
    [InlineData("http://mirror.example:0080")]
    [InlineData("http://user@mirror.example")]
    [InlineData("http://mirror.example?x")]
    [InlineData("http://xn--bcher-kva.example")]
    public void Other_forms_are_left_to_Uri(string text) =>
        Assert.False(MirrorAddress.TryNormalizePlain(text, out _));

    [Fact]
    public void Mirrors_keep_their_URLs_and_order_when_settings_are_combined()
    {
        var settings = new RegistrySettings(
            [RegistryMirror.Create("docker.io", "https://a.example/%7Ecache"), RegistryMirror.Create("index.docker.io", "HTTPS://A.example:443/~cache/"), RegistryMirror.Create("docker.io", "http://127.0.0.1:5000/")],
            []);

        // The second is the first written another way (Uri's path and host normalisation): one mirror.
        Assert.Equal(["https://a.example/~cache", "http://127.0.0.1:5000"], settings.Mirrors.Select(m => m.Address));
        Assert.Equal(["https://a.example/~cache", "http://127.0.0.1:5000"], settings.MirrorsFor("docker.io").Select(u => u.OriginalString));
        Assert.Equal("docker.io https://a.example/~cache http://127.0.0.1:5000/", settings.ToString());
    }

    private static string Outcome(Func<string> normalise)
    {
        try
        {
            return "ok " + normalise();
        }
        catch (RegistryMirrorFormatException e)
        {
            return "refused " + e.Message;
        }
        catch (UriFormatException e)
        {
            return "failed " + e.Message;
        }
    }
}
