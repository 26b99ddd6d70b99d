using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using System.Security.Cryptography;
using System.Text;

namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// The JSON Web Token a GitHub App signs to ask for an installation token (GitHub docs,
/// "Generating a JSON Web Token for a GitHub App"): RS256, <c>iss</c> = App id, <c>iat</c> 60 s in the
/// past against clock drift, <c>exp</c> within GitHub's 10-minute maximum.
/// </summary>
internal static class GitHubAppJwt
{
    public static string Create(long appId, string privateKeyPem, DateTimeOffset now)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem);
        }
        catch (ArgumentException ex)
        {
            // The exception text is generic; never include the key itself.
            throw new PullRequestPublishException(PullRequestFailureKind.MissingCredentials,
                $"{GitHubCredentials.AppKeyVariable} is not a PEM RSA private key (download a new key from the App's settings)", ex);
        }

        var header = Base64Url("""{"alg":"RS256","typ":"JWT"}"""u8);
        var payload = Base64Url(JsonTree.ToUtf8Bytes(new Dictionary<string, long>
        {
            ["iat"] = now.AddSeconds(-60).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(9).ToUnixTimeSeconds(),
            ["iss"] = appId,
        }, indented: false));
        var signingInput = header + "." + payload;
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
