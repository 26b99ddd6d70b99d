using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Select;

namespace GitStreamSync.Core.Run;

/// <summary>
/// <c>verify:</c> for a plan's digest changes: each new digest a policy covers must carry a cosign
/// signature by one of the policy's keys, on the digest itself or on the index it was chosen from
/// (an index digest pins its children by content, and <c>cosign sign IMAGE:TAG</c> signs the index).
/// Digests no policy covers are not looked up. Keyless identities are checked against the trusted root
/// their entry names (<paramref name="roots"/> by path, read from the base tip).
/// </summary>
internal static class SignatureStep
{
    public static async Task<IReadOnlyList<UnverifiedDigest>> CheckAsync(ISignatureReader? reader, VerifySettings settings, SyncPlan plan, DueTagSelection selection, Func<IReadOnlyDictionary<string, KeylessTrust>> roots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(selection);
        if (settings.Policies.Count == 0)
        {
            return [];
        }

        var asked = selection.Tags.Where(t => t.Request is not null).GroupBy(t => (t.StreamKey, t.Tag.Name)).ToDictionary(g => g.Key, g => g.First().Request!);
        var checks = new List<(TagChange Change, Digest Digest, SignaturePolicy Policy, IReadOnlyList<SignatureRequest> Requests)>();
        foreach (var change in plan.Changes.Where(c => c.Kind is TagChangeKind.Updated or TagChangeKind.New))
        {
            if (!ImageReference.TryParse(change.NewReference, out var pulled) || pulled.Digest is not { } digest)
            {
                continue;
            }

            var resolve = asked.GetValueOrDefault((change.StreamKey, change.Tag));
            if (settings.For(change.Stream, resolve?.Reference ?? pulled) is not { } policy)
            {
                continue;
            }

            var insecure = resolve?.Insecure ?? false;
            List<SignatureRequest> requests = [new(pulled, insecure)];
            if (change.IndexDigest is { } index && index != digest)
            {
                requests.Add(new SignatureRequest(pulled.WithDigest(index), insecure));
            }

            checks.Add((change, digest, policy, requests));
        }

        if (checks.Count == 0)
        {
            return [];
        }

        var found = reader is null
            ? new Dictionary<SignatureRequest, SignatureMaterial>()
            : await reader.ReadSignaturesAsync([.. checks.SelectMany(c => c.Requests).Distinct()], cancellationToken).ConfigureAwait(false);
        var trusted = checks.Any(c => c.Policy.TrustedRoot is not null) ? roots() : new Dictionary<string, KeylessTrust>();
        var unverified = new List<UnverifiedDigest>();
        foreach (var (change, digest, policy, requests) in checks)
        {
            var keys = policy.Keys();
            var keyless = policy.TrustedRoot is { } path && policy.Identities.Count > 0
                ? trusted[path] with { Identities = policy.Identities }
                : null;
            try
            {
                var results = requests
                    .Select(r => found.TryGetValue(r, out var material)
                        ? CosignVerifier.Verify(material, keys, keyless)
                        : new SignatureCheck(SignatureVerdict.Unknown, "the registry client does not read signatures"))
                    .ToList();
                if (results.Any(r => r.Verdict == SignatureVerdict.Verified))
                {
                    continue;
                }

                var worst = results.FirstOrDefault(r => r.Verdict == SignatureVerdict.Invalid)
                    ?? results.FirstOrDefault(r => r.Verdict == SignatureVerdict.Unknown)
                    ?? results[0];
                unverified.Add(new UnverifiedDigest(change.StreamKey, change.Tag, digest, worst));
            }
            finally
            {
                foreach (var key in keys)
                {
                    key.Dispose();
                }
            }
        }

        return unverified;
    }
}
