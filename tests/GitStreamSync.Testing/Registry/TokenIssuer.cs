using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace GitStreamSync.Testing.Registry;

/// <summary>
/// A loopback token service for the Docker token flow. It signs ES256 JWTs with a key it makes,
/// whose certificate the real registry trusts through <c>auth.token.rootcertbundle</c>; the header's
/// <c>kid</c> is the libtrust key ID distribution looks the key up by. Optional Basic credentials
/// and an identity (refresh) token are checked; every token request is recorded.
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly LoopbackHttpServer server;
    private readonly ConcurrentQueue<string> scopes = new();
    private readonly ConcurrentQueue<string> issued = new();
    private int expiredToIssue;

    private TokenIssuer(string service, string issuer)
    {
        Service = service;
        Issuer = issuer;
        var request = new CertificateRequest("CN=gitstreamsync test token issuer", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        RootCertificatePem = certificate.ExportCertificatePem();
        KeyId = LibtrustKeyId(key.ExportSubjectPublicKeyInfo());
        server = LoopbackHttpServer.Start(Answer);
    }

    public string Service { get; }
    public string Issuer { get; }
    public string RootCertificatePem { get; }
    public string KeyId { get; }
    public string Realm => $"{server.BaseUri}token";

    /// <summary>When set, token requests must carry these Basic credentials.</summary>
    public (string Username, string Password)? RequiredCredentials { get; set; }

    /// <summary>When set, a POST with this refresh token (an identity token) is also accepted.</summary>
    public string? AcceptedRefreshToken { get; set; }

    public int ExpiresInSeconds { get; set; } = 300;

    /// <summary>Scopes of every token request answered, in order (repeated scopes joined by a space).</summary>
    public IReadOnlyCollection<string> RequestedScopes => scopes;

    public IReadOnlyCollection<string> IssuedTokens => issued;

    public IReadOnlyCollection<LoopbackRequest> Requests => server.Requests;

    /// <summary>
    /// The next <paramref name="count"/> tokens are already expired for the registry (beyond its
    /// 60 s leeway) while <c>expires_in</c> still promises minutes: a token expiring mid-run.
    /// </summary>
    public void IssueExpiredTokens(int count) => Interlocked.Exchange(ref expiredToIssue, count);

    public static Task<TokenIssuer> StartAsync(string service = "gitstreamsync-test-registry", string issuer = "gitstreamsync-test-issuer") =>
        Task.FromResult(new TokenIssuer(service, issuer));

    /// <summary>A token for the seeder: pull and push on every named repository.</summary>
    public string CreateToken(IEnumerable<string> repositories) =>
        Sign(repositories.Select(r => new Access("repository", r, ["pull", "push"])), DateTimeOffset.UtcNow.AddMinutes(10));

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        key.Dispose();
    }

    private LoopbackResponse Answer(LoopbackRequest request)
    {
        if (request.Path != "/token")
        {
            return LoopbackResponse.Text(404, "not found");
        }

        var form = request.Method == "POST" ? ParseForm(request.Body) : request.Query();
        if (!Authorized(request, form))
        {
            return LoopbackResponse.Text(401, """{"details":"incorrect username or password"}""", ("Content-Type", "application/json"));
        }

        var scope = form.GetValueOrDefault("scope") ?? "";
        scopes.Enqueue(scope);
        var access = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseScope).ToList();
        var expired = Interlocked.Decrement(ref expiredToIssue) >= 0;
        var expires = expired ? DateTimeOffset.UtcNow.AddMinutes(-5) : DateTimeOffset.UtcNow.AddSeconds(ExpiresInSeconds);
        var token = Sign(access, expires);
        issued.Enqueue(token);
        var body = JsonSerializer.Serialize(new { token, access_token = token, expires_in = ExpiresInSeconds, issued_at = DateTimeOffset.UtcNow.ToString("O") });
        return LoopbackResponse.Text(200, body, ("Content-Type", "application/json"));
    }

    private bool Authorized(LoopbackRequest request, IReadOnlyDictionary<string, string> form)
    {
        if (AcceptedRefreshToken is { } refresh && form.GetValueOrDefault("grant_type") == "refresh_token")
        {
            return form.GetValueOrDefault("refresh_token") == refresh;
        }

        if (RequiredCredentials is not { } required)
        {
            return true;
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{required.Username}:{required.Password}"));
        return request.Header("Authorization") == expected;
    }

    private string Sign(IEnumerable<Access> access, DateTimeOffset expires)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "ES256", ["kid"] = KeyId };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = "gitstreamsync-test",
            ["aud"] = Service,
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["nbf"] = now.AddSeconds(-30).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access.Select(a => new Dictionary<string, object> { ["type"] = a.Type, ["name"] = a.Name, ["actions"] = a.Actions }).ToList(),
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url(signature);
    }

    private static Access ParseScope(string scope)
    {
        // repository:library/ubuntu:pull,push (the name may not contain ':', the host is not part of it)
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        return first < 0 || last <= first
            ? new Access("repository", scope, [])
            : new Access(scope[..first], scope[(first + 1)..last], scope[(last + 1)..].Split(','));
    }

    private static Dictionary<string, string> ParseForm(byte[] body)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Encoding.UTF8.GetString(body).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            result[Uri.UnescapeDataString(pair[..Math.Max(eq, 0)].Replace('+', ' '))] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }

        return result;
    }

    // libtrust: base32 of the first 240 bits of sha256(SubjectPublicKeyInfo), in 12 groups of 4.
    private static string LibtrustKeyId(byte[] subjectPublicKeyInfo)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(subjectPublicKeyInfo).AsSpan(0, 30);
        var bits = new StringBuilder();
        int buffer = 0, count = 0;
        foreach (var b in hash)
        {
            buffer = (buffer << 8) | b;
            count += 8;
            while (count >= 5)
            {
                bits.Append(alphabet[(buffer >> (count - 5)) & 31]);
                count -= 5;
            }
        }

        var text = bits.ToString();
        return string.Join(':', Enumerable.Range(0, text.Length / 4).Select(i => text.Substring(i * 4, 4)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Access(string Type, string Name, string[] Actions);
}
