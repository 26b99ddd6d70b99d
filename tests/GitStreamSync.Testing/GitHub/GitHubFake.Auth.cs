using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitStreamSync.Testing.GitHub;

public sealed partial class GitHubFake
{
    /// <summary>A token from <c>Authorization: token X</c> or <c>Bearer X</c> (GitHub accepts both for tokens), or null.</summary>
    private GitHubFakeToken? Authenticate(string authorization)
    {
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return null;
        }

        var scheme = authorization[..space];
        var value = authorization[(space + 1)..].Trim();
        return scheme.Equals("token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase)
            ? _tokens.GetValueOrDefault(value)
            : null;
    }

    private GitHubFakeAnswer FindInstallation(GitHubFakeRepository? repo, string authorization)
    {
        var (app, error) = VerifyJwt(authorization);
        if (app is null)
        {
            return GitHubFakeAnswer.Json(401, GitHubFakeJson.Error(error));
        }

        if (repo is null || !app.Repositories.Contains(repo.FullName))
        {
            return GitHubFakeAnswer.NotFound();
        }

        var installation = new JsonObject
        {
            ["id"] = app.InstallationId,
            ["app_id"] = app.AppId,
            ["app_slug"] = app.Slug,
            ["target_id"] = repo.Id,
            ["target_type"] = "Organization",
            ["account"] = GitHubFakeJson.User(WebUrl, repo.Owner),
            ["repository_selection"] = "selected",
            ["access_tokens_url"] = new Uri(ApiUrl, $"app/installations/{app.InstallationId}/access_tokens").ToString(),
            ["permissions"] = new JsonObject { ["contents"] = "write", ["pull_requests"] = "write" },
            ["events"] = new JsonArray(),
        };
        return GitHubFakeAnswer.Json(200, installation.ToJsonString());
    }

    /// <summary><c>GET /user</c>: the account a token acts for; an installation token has none (403).</summary>
    private GitHubFakeAnswer CurrentUser(string authorization)
    {
        if (Authenticate(authorization) is not { } token)
        {
            return GitHubFakeAnswer.Json(401, GitHubFakeJson.Error(EchoRefusedAuthorization ? EchoOf(authorization) : "Bad credentials"));
        }

        return token.Installation
            ? GitHubFakeAnswer.Json(403, GitHubFakeJson.Error("Resource not accessible by integration"))
            : GitHubFakeAnswer.Json(200, GitHubFakeJson.User(WebUrl, token.Login).ToJsonString());
    }

    /// <summary><c>GET /app</c>: the App a JWT is signed for; its bot acts as <c>&lt;slug&gt;[bot]</c>.</summary>
    private GitHubFakeAnswer CurrentApp(string authorization)
    {
        var (app, error) = VerifyJwt(authorization);
        return app is null
            ? GitHubFakeAnswer.Json(401, GitHubFakeJson.Error(error))
            : GitHubFakeAnswer.Json(200, GitHubFakeJson.App(ApiUrl, WebUrl, app).ToJsonString());
    }

    private GitHubFakeAnswer CreateInstallationToken(long installationId, string authorization)
    {
        var (app, error) = VerifyJwt(authorization);
        if (app is null)
        {
            return GitHubFakeAnswer.Json(401, GitHubFakeJson.Error(error));
        }

        if (app.InstallationId != installationId)
        {
            return GitHubFakeAnswer.NotFound();
        }

        var token = new GitHubFakeToken($"ghs_fake{NextId().ToString(CultureInfo.InvariantCulture)}", app.Slug + "[bot]", true, app.Repositories, Installation: true);
        _tokens[token.Value] = token;
        var answer = new JsonObject
        {
            ["token"] = token.Value,
            ["expires_at"] = GitHubFakeJson.Time(Time.GetUtcNow().AddHours(1)),
            ["permissions"] = new JsonObject { ["contents"] = "write", ["pull_requests"] = "write" },
            ["repository_selection"] = "selected",
        };
        return GitHubFakeAnswer.Json(201, answer.ToJsonString());
    }

    /// <summary>Checks an App JWT the way GitHub does: RS256 signature by the App's key, iss = App id, iat/exp within bounds.</summary>
    private (GitHubFakeApp? App, string Error) VerifyJwt(string authorization)
    {
        const string undecodable = "A JSON web token could not be decoded";
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "A JSON web token could not be decoded");
        }

        var parts = authorization[7..].Trim().Split('.');
        if (parts.Length != 3)
        {
            return (null, undecodable);
        }

        JsonNode? header;
        JsonNode? payload;
        try
        {
            header = JsonNode.Parse(FromBase64Url(parts[0]));
            payload = JsonNode.Parse(FromBase64Url(parts[1]));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return (null, undecodable);
        }

        if (header?["alg"]?.GetValue<string>() != "RS256")
        {
            return (null, undecodable);
        }

        var iss = payload?["iss"]?.ToJsonString().Trim('"');
        var app = _apps.FirstOrDefault(a => a.AppId.ToString(CultureInfo.InvariantCulture) == iss);
        if (app is null)
        {
            return (null, $"Integration not found for iss {iss}");
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(app.PublicKeyPem);
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!rsa.VerifyData(signed, FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return (null, undecodable);
        }

        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        var iat = payload?["iat"]?.GetValue<long>() ?? 0;
        var exp = payload?["exp"]?.GetValue<long>() ?? 0;
        if (exp <= now || exp - iat > 600 || iat > now + 60)
        {
            return (null, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
        }

        return (app, "");
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
