using GitStreamSync.Core.Images;
using YamlDotNet.RepresentationModel;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// Reads <c>verify:</c>: a list of <c>{images: PATTERN, streams: [NAME], keys: [PEM], keyless: [{issuer: URL,
/// subjectRegExp: REGEXP}], trustedRoot: PATH}</c>. A key that is not an ECDSA P-256 public key, or a subject
/// that is not a regular expression, is a problem at its line; an entry with neither keys nor keyless
/// identities, keyless identities without a trusted root, or nothing to cover is one too.
/// </summary>
internal static class VerifySettingsReader
{
    public static VerifySettings Read(YamlNode node, ConfigValues values)
    {
        if (node is not YamlSequenceNode list)
        {
            values.Report(node, "verify must be a list of {images: PATTERN, streams: [NAME], keys: [PEM]}");
            return VerifySettings.None;
        }

        var policies = new List<SignaturePolicy>();
        foreach (var item in list.Children)
        {
            if (values.Mapping(item, "verify entry") is not { } mapping)
            {
                continue;
            }

            string? images = null;
            List<string> streams = [];
            var keys = new List<string>();
            var identities = new List<KeylessIdentity>();
            string? trustedRoot = null;
            var keylessGiven = false;
            foreach (var (key, value) in values.Entries(mapping, "images", "streams", "keys", "keyless", "trustedRoot"))
            {
                switch (key)
                {
                    case "keyless":
                        keylessGiven = true;
                        identities.AddRange(Identities(value, values));
                        break;
                    case "trustedRoot":
                        trustedRoot = values.String(value, "verify.trustedRoot")?.Trim().TrimStart('/');
                        break;
                    case "images":
                        images = values.String(value, "verify.images");
                        break;
                    case "streams":
                        streams = values.Strings(value, "verify.streams") ?? [];
                        break;
                    default:
                        keys.AddRange(Keys(value, values));
                        break;
                }
            }

            if (keylessGiven && string.IsNullOrEmpty(trustedRoot))
            {
                values.Report(mapping, "a verify entry with keyless identities needs trustedRoot: PATH of a sigstore trusted_root.json in the repository");
            }
            else if (keys.Count == 0 && identities.Count == 0)
            {
                // A keyless list whose every identity is wrong was reported identity by identity.
                if (!keylessGiven)
                {
                    values.Report(mapping, "a verify entry needs keys: [PEM public key, ...] or keyless: [{issuer: URL, subjectRegExp: REGEXP}, ...]");
                }
            }
            else if (images is null && streams.Count == 0)
            {
                values.Report(mapping, "a verify entry needs images: PATTERN or streams: [NAME]");
            }
            else
            {
                policies.Add(new SignaturePolicy(images, streams, keys) { Identities = identities, TrustedRoot = trustedRoot });
            }
        }

        return new VerifySettings(policies);
    }

    private static IEnumerable<KeylessIdentity> Identities(YamlNode node, ConfigValues values)
    {
        if (node is not YamlSequenceNode sequence)
        {
            values.Report(node, "verify.keyless must be a list of {issuer: URL, subjectRegExp: REGEXP}");
            yield break;
        }

        foreach (var item in sequence.Children)
        {
            if (values.Mapping(item, "verify.keyless entry") is not { } mapping)
            {
                continue;
            }

            string? issuer = null;
            string? subject = null;
            var wrongPattern = false;
            foreach (var (key, value) in values.Entries(mapping, "issuer", "subjectRegExp"))
            {
                if (key == "issuer")
                {
                    issuer = values.String(value, "verify.keyless.issuer");
                }
                else if (values.String(value, "verify.keyless.subjectRegExp") is { } pattern)
                {
                    if (KeylessIdentity.CheckPattern(pattern) is { } wrong)
                    {
                        values.Report(value, $"verify.keyless.subjectRegExp: {wrong}");
                        wrongPattern = true;
                        continue;
                    }

                    subject = pattern;
                }
            }

            if (wrongPattern)
            {
                continue;
            }

            if (string.IsNullOrEmpty(issuer) || subject is null)
            {
                values.Report(mapping, "a keyless identity needs issuer: URL (cosign's --certificate-oidc-issuer) and subjectRegExp: REGEXP (--certificate-identity-regexp)");
                continue;
            }

            yield return new KeylessIdentity(issuer, subject);
        }
    }

    private static IEnumerable<string> Keys(YamlNode node, ConfigValues values)
    {
        IEnumerable<YamlNode> items = node is YamlSequenceNode sequence ? sequence.Children : [node];
        foreach (var item in items)
        {
            if (values.String(item, "verify.keys") is not { } pem)
            {
                continue;
            }

            if (SignaturePolicy.CheckKey(pem) is { } wrong)
            {
                values.Report(item, $"verify.keys: {wrong}");
                continue;
            }

            yield return pem;
        }
    }
}
