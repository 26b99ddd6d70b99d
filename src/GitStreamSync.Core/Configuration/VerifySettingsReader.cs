using YamlDotNet.RepresentationModel;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// Reads <c>verify:</c>: a list of <c>{images: PATTERN, streams: [NAME], keys: [PEM]}</c>. A key that is
/// not an ECDSA P-256 public key is a problem at its line; an entry with no key or nothing to cover is one too.
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
            foreach (var (key, value) in values.Entries(mapping, "images", "streams", "keys"))
            {
                switch (key)
                {
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

            if (keys.Count == 0)
            {
                values.Report(mapping, "a verify entry needs keys: [PEM public key, ...]");
            }
            else if (images is null && streams.Count == 0)
            {
                values.Report(mapping, "a verify entry needs images: PATTERN or streams: [NAME]");
            }
            else
            {
                policies.Add(new SignaturePolicy(images, streams, keys));
            }
        }

        return new VerifySettings(policies);
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
