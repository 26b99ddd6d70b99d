using System.Net;
using System.Text;
using GitStreamSync.Adapters.Secrets;

namespace GitStreamSync.Adapters.Tests.Secrets;

/// <summary>The one sanitiser: known secrets in every form they are echoed in, and the shape of an excerpt.</summary>
public sealed class SecretSanitizerTests
{
    private const string Token = "Zq7canaryT0ken-9xW";
    private static readonly SecretSanitizer Sanitizer = new([Token], [("robot", Token)]);

    [Fact]
    public void Text_it_says_holds_nothing_to_mask_is_left_as_it_is_by_masking()
    {
        var sanitizer = new SecretSanitizer([Token], [("robot", Token)]);
        sanitizer.Learn("Learned-secret-42x");
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"robot:{Token}"));
        string[] pieces =
        [
            "plain ", "sha256:0a1b ", Token, Token[..9], Token[9..], Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)), basic,
            Uri.EscapeDataString(Token), "Learned-secret-42x", "Learned-", "ghp_" + new string('a', 36), "g", "h", "gh",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "eyJ", "https://", "://", "@", "user:pass@", "quay.io/org/a",
        ];
        var (left, masked) = (0, 0);
        foreach (var first in pieces)
        {
            foreach (var second in pieces)
            {
                foreach (var third in pieces)
                {
                    var text = first + second + third;
                    if (sanitizer.MayMask(text))
                    {
                        masked++;
                        continue;
                    }

                    left++;
                    Assert.Equal(text, sanitizer.Mask(text));
                }
            }
        }

        // Both answers are given for many of the texts, so each side of the check is tried.
        Assert.True(left > 500 && masked > 500, $"{left} left as they are, {masked} to mask");
    }

    [Fact]
    public void A_secret_as_given_is_masked()
    {
        Assert.Equal("bad credentials for *** (twice: ***)", Sanitizer.Mask($"bad credentials for {Token} (twice: {Token})"));
    }

    [Fact]
    public void A_secret_in_base64_is_masked_wherever_it_stands()
    {
        for (var prefix = 0; prefix < 3; prefix++)
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('x', prefix) + Token + "/tail"));
            var masked = Sanitizer.Mask("echo " + encoded);

            // 24 characters encode the token; at most one at each end also carries a neighbour's bits and stays.
            Assert.Contains("***", masked, StringComparison.Ordinal);
            Assert.True(masked.Length - "echo ".Length - "***".Length <= encoded.Length - 20, $"{encoded} -> {masked}");
        }
    }

    [Fact]
    public void A_Basic_header_of_user_and_password_is_masked_whole()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"robot:{Token}"));

        Assert.Equal("Authorization: Basic ***", Sanitizer.Mask($"Authorization: Basic {basic}"));
    }

    [Fact]
    public void A_secret_URL_or_JSON_escaped_is_masked()
    {
        var secret = "p@ss word/with+signs\"and\\quotes";
        var sanitizer = new SecretSanitizer([secret]);

        Assert.Equal("a=*** b=*** c=***", sanitizer.Mask($"a={Uri.EscapeDataString(secret)} b={WebUtility.UrlEncode(secret)} c={System.Text.Json.JsonEncodedText.Encode(secret)}"));
    }

    [Fact]
    public void Each_line_of_a_private_key_is_masked_and_user_info_in_URLs()
    {
        var key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAsecretline1\nAbCdEfGhsecretline2\n-----END RSA PRIVATE KEY-----\n";
        var sanitizer = new SecretSanitizer([key]);

        Assert.Equal("line *** and *** at https://***@host/x", sanitizer.Mask("line MIIEpAIBAAKCAQEAsecretline1 and AbCdEfGhsecretline2 at https://u:p@host/x"));
    }

    [Fact]
    public void Short_values_are_not_secrets_and_ordinary_text_stays()
    {
        var sanitizer = new SecretSanitizer(["abc", ""]);

        Assert.Equal("abc stays: a plain sentence", sanitizer.Mask("abc stays: a plain sentence"));
    }

    [Fact]
    public void An_excerpt_is_one_line_without_control_characters_and_bounded()
    {
        var text = "  first\r\n\tsecond \u0007 line\u202E " + new string('x', 500);

        var excerpt = Sanitizer.Excerpt(text, 40);

        Assert.Equal("first second line " + new string('x', 22) + "…", excerpt);
    }

    [Fact]
    public void An_excerpt_masks_known_values_and_credential_shapes_before_cutting()
    {
        var text = $"<html><body><p>Authorization: token {Token}</p><p>echo {Token}{Token}</p><script>{Token}</script></body></html>";

        var excerpt = Sanitizer.Excerpt(text);

        Assert.Equal("Authorization: *** echo ******", excerpt);
    }

    [Fact]
    public void A_huge_answer_costs_no_more_than_its_first_64_KiB()
    {
        var huge = new string('a', 10 * 1024 * 1024) + Token;

        Assert.Equal(SecretSanitizer.ExcerptLength + 1, Sanitizer.Excerpt(huge).Length);
    }

    [Fact]
    public void Tokens_made_during_the_run_are_masked_by_their_shape()
    {
        var installation = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
        var jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjM0NSJ9.c2lnbmF0dXJlLWJ5dGVz";

        Assert.Equal("token *** and jwt *** but ghp_short stays", SecretSanitizer.Shapes.Mask($"token {installation} and jwt {jwt} but ghp_short stays"));
    }

    [Fact]
    public void A_secret_learnt_during_a_run_is_masked_in_every_form_and_announced_once()
    {
        const string Learnt = "ghs_short1";
        var sanitizer = new SecretSanitizer([Token]);
        var announced = new List<string>();
        sanitizer.Learned += announced.Add;
        Assert.Equal($"token {Learnt}", sanitizer.Mask($"token {Learnt}"));

        sanitizer.Learn(Learnt);
        sanitizer.Learn(Learnt);
        sanitizer.Learn(Token);

        Assert.Equal([Learnt], announced);
        Assert.Equal([Token, Learnt], sanitizer.Values);
        // The last base64 character also carries the padding's bits and stays.
        Assert.Equal("token *** ***Q==", sanitizer.Mask($"token {Learnt} {Convert.ToBase64String(Encoding.UTF8.GetBytes(Learnt))}"));
        Assert.Equal("*** again", sanitizer.Mask($"{Token} again"));
    }

    [Fact]
    public void The_shared_shape_only_sanitiser_learns_nothing()
    {
        SecretSanitizer.Shapes.Learn("hlpr-Secret-4711zz");

        Assert.Empty(SecretSanitizer.Shapes.Values);
        Assert.Equal("hlpr-Secret-4711zz", SecretSanitizer.Shapes.Mask("hlpr-Secret-4711zz"));
    }
}
