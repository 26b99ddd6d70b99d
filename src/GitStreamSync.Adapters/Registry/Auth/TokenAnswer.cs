using System.Text.Json;

namespace GitStreamSync.Adapters.Registry.Auth;

/// <summary>
/// A token service's answer (Docker token spec): <c>{"token": ..., "access_token": ..., "expires_in": N}</c>,
/// read as untrusted input: the token, or a <see cref="Problem"/> that describes the answer's shape
/// without quoting it.
/// </summary>
internal sealed record TokenAnswer(string? Token, int? ExpiresInSeconds, string? Problem)
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static TokenAnswer Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException)
        {
            return Invalid(body.IsEmpty ? "an empty body instead of a token" : "with something that is not JSON instead of a token");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid("with JSON that is not an object instead of a token");
            }

            var token = Text(root, "token") ?? Text(root, "access_token");
            if (string.IsNullOrEmpty(token))
            {
                return Invalid("without a token");
            }

            int? expiresIn = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var seconds) ? seconds : null;
            return new TokenAnswer(token, expiresIn, null);
        }
    }

    public override string ToString() => Problem ?? $"token answer (redacted), expires in {ExpiresInSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} s";

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static TokenAnswer Invalid(string problem) => new(null, null, problem);
}
