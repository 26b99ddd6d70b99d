using System.Net.Http.Headers;
using System.Text;

namespace GitStreamSync.Adapters.Secrets;

/// <summary>HTTP Basic credentials as a request header, for registries and Git servers alike.</summary>
internal static class BasicAuthorization
{
    public static AuthenticationHeaderValue Header(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
