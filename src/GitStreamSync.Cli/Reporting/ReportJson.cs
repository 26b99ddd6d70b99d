using System.Text.Encodings.Web;
using System.Text.Json;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Cli.Reporting;

/// <summary>
/// What the JSON reports of the runs that write (<c>sync</c>, <c>rollback</c>) share: the same
/// serializer settings, and the same first keys, so scripts read both the same way.
/// </summary>
internal static class ReportJson
{
    // Digests, URLs and paths stay readable: no \u002B for '+' or \u0026 for '&'.
    internal static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>outcome, location, baseBranch, baseCommit, branch, commit; the caller adds its own keys after these.</summary>
    public static Dictionary<string, object?> Head(Enum outcome, string location, string baseBranch, string baseCommit, string branch, string? commit) => new()
    {
        ["outcome"] = JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString()),
        ["location"] = location,
        ["baseBranch"] = baseBranch,
        ["baseCommit"] = baseCommit,
        ["branch"] = branch,
        ["commit"] = commit,
    };

    public static string Serialize(Dictionary<string, object?> shape) => JsonTree.ToText(shape, indented: true, Encoder) + "\n";

    /// <summary>
    /// The same text as <see cref="Serialize"/>, written to <paramref name="output"/> as it is made: a
    /// report of ten thousand tags is tens of megabytes, which then never exists whole in memory.
    /// </summary>
    public static void Write(Dictionary<string, object?> shape, TextWriter output)
    {
        JsonTree.Write(output, shape, indented: true, Encoder);
        output.Write('\n');
    }
}
