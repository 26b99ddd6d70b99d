using System.Collections.Concurrent;
using GitStreamSync.Adapters.Registry.Transport;

namespace GitStreamSync.Adapters.Registry.Auth;

/// <summary>A registry token and the instant after which it is not used again.</summary>
internal sealed record BearerToken(string Value, DateTimeOffset RefreshAt)
{
    public override string ToString() => $"bearer token (redacted), refresh at {RefreshAt:O}";
}

/// <summary>
/// Tokens per registry and scope, kept until shortly before <c>expires_in</c>. Single-flight: when
/// many references of one repository start at once, one token request is made and all await it.
/// A token the registry refused is replaced once by a fresh one, again for all waiters together.
/// A refusal of the credentials is remembered for the run, so a wrong password costs one request.
/// </summary>
internal sealed class BearerTokenCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<BearerToken>>> entries = new(StringComparer.Ordinal);
    private int fetches;

    /// <summary>Token requests made in this run.</summary>
    public int Fetches => fetches;

    public async Task<BearerToken> GetAsync(string key, Func<Task<BearerToken>> fetch, BearerToken? refused)
    {
        for (var round = 0; ; round++)
        {
            var entry = entries.GetOrAdd(key, _ => new Lazy<Task<BearerToken>>(() =>
            {
                Interlocked.Increment(ref fetches);
                return fetch();
            }));
            BearerToken token;
            try
            {
                token = await entry.Value;
            }
            catch (RegistryRequestException e) when (e.Kind is not Core.Ports.ResolutionFailureKind.Unauthorized)
            {
                // Transient: the next reference may try again.
                entries.TryRemove(KeyValuePair.Create(key, entry));
                throw;
            }

            var stale = (refused is not null && token.Value == refused.Value) || time.GetUtcNow() >= token.RefreshAt;
            if (!stale || round > 0)
            {
                return token;
            }

            entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }
}
