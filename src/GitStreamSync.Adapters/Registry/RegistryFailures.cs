using GitStreamSync.Core.Ports;
using System.Net;
using System.Text.Json;
using GitStreamSync.Adapters.Registry.Transport;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// Classifies an unsuccessful answer as permanent or transient, with a message that names the reference. Distribution's error body
/// (<c>{"errors":[{"code":"MANIFEST_UNKNOWN",...}]}</c>) refines 404 and 400; its message text is
/// not repeated, only the code, so nothing a server echoes back can leak into a message.
/// </summary>
internal static class RegistryFailures
{
    public static RegistryRequestException FromStatus(RegistryResponse answer, string what)
    {
        var code = ErrorCode(answer.Body);
        var status = (int)answer.Status;
        var codeText = code is null ? "" : $", {code}";
        return answer.Status switch
        {
            HttpStatusCode.NotFound => new(ResolutionFailureKind.NotFound, code switch
            {
                "NAME_UNKNOWN" => $"repository not found ({what} answered 404{codeText})",
                _ => $"manifest unknown ({what} answered 404{codeText})",
            }),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new(ResolutionFailureKind.Unauthorized, $"access denied ({what} answered {status}{codeText})"),
            HttpStatusCode.TooManyRequests =>
                new(ResolutionFailureKind.RateLimited, $"rate limited ({what} answered 429{RetryText(answer)})"),
            HttpStatusCode.BadRequest when code is "NAME_INVALID" or "TAG_INVALID" or "DIGEST_INVALID" =>
                new(ResolutionFailureKind.InvalidReference, $"the registry refused the reference ({what} answered 400{codeText})"),
            _ when status >= 500 => new(ResolutionFailureKind.ServerError, $"server error ({what} answered {status}{codeText})"),
            _ => new(ResolutionFailureKind.ServerError, $"unexpected answer ({what} answered {status}{codeText})"),
        };
    }

    private static string RetryText(RegistryResponse answer) =>
        answer.RetryAfter is { } after ? $", Retry-After {after.TotalSeconds:0} s" : "";

    private static string? ErrorCode(byte[]? body)
    {
        if (body is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            // Any shape may arrive (an array, a proxy's page): only an object with a list of objects is read.
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String)
                    {
                        var text = code.GetString() ?? "";
                        // Codes are upper-case identifiers; anything else is not echoed.
                        return text.Length <= 40 && text.All(c => c is >= 'A' and <= 'Z' or '_') ? text : null;
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
