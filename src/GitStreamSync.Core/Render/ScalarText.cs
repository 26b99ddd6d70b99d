using GitStreamSync.Core.Edit;
using YamlDotNet.Core;

namespace GitStreamSync.Core.Render;

/// <summary>A replacement scalar in the style of the one it replaces, so only the value changes.</summary>
internal static class ScalarText
{
    public static string Format(string value, ScalarStyle style, bool json) => json
        ? YamlScalarFormat.Json(value)
        : style switch
        {
            ScalarStyle.DoubleQuoted => YamlScalarFormat.DoubleQuoted(value),
            ScalarStyle.SingleQuoted => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'",
            _ => YamlScalarFormat.String(value),
        };
}
