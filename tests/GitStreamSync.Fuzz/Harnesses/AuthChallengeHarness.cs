using System.Globalization;
using System.Text;
using GitStreamSync.Adapters.Registry.Auth;

namespace GitStreamSync.Fuzz.Harnesses;

/// <summary>
/// A registry's <c>WWW-Authenticate</c> header (first line: the scheme, the rest: its parameters).
/// A challenge that parses formats back, each value quoted, to the same challenge.
/// </summary>
internal static class AuthChallengeHarness
{
    public static void Run(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var scheme = newline < 0 ? "Bearer" : text[..newline];
        var parameters = newline < 0 ? text : text[(newline + 1)..];
        var challenge = AuthChallenge.Parse(scheme, parameters);

        var formatted = string.Join(",", challenge.Parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}=\"{Escape(p.Value)}\"")));
        var again = AuthChallenge.Parse(scheme, formatted);
        Invariant.That(again.Parameters.Count == challenge.Parameters.Count, $"'{parameters}' formats as '{formatted}', which reads {again.Parameters.Count} parameters, not {challenge.Parameters.Count}");
        foreach (var (key, value) in challenge.Parameters)
        {
            Invariant.That(again.Parameters.TryGetValue(key, out var read) && read == value, $"'{parameters}' formats as '{formatted}', which reads {key} otherwise");
        }

        // Choosing among challenges never throws for what a server may send.
        if (System.Net.Http.Headers.AuthenticationHeaderValue.TryParse(text.ReplaceLineEndings(" "), out var header))
        {
            _ = AuthChallenge.Select([header]);
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
