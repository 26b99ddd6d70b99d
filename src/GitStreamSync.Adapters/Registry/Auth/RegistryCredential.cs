using System.Net.Http.Headers;
using GitStreamSync.Adapters.Secrets;

namespace GitStreamSync.Adapters.Registry.Auth;

/// <summary>
/// Credentials for one registry host: a username and password, or an identity (refresh) token
/// for the OAuth2 token flow. <see cref="ToString"/> is redacted so a credential printed by
/// accident shows no secret.
/// </summary>
internal sealed class RegistryCredential
{
    public RegistryCredential(string username, string password, string? identityToken = null)
    {
        Username = username;
        Password = password;
        IdentityToken = string.IsNullOrEmpty(identityToken) ? null : identityToken;
    }

    public string Username { get; }
    public string Password { get; }
    public string? IdentityToken { get; }

    /// <summary>Where the credential came from, for messages (never the secret itself).</summary>
    public string Source { get; init; } = "";

    public AuthenticationHeaderValue ToBasic() => BasicAuthorization.Header(Username, Password);

    public override string ToString() => $"credential for user '{Username}' from {Source} (secret redacted)";
}
