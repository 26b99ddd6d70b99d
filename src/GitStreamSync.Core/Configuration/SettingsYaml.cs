using GitStreamSync.Core.Read;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// Loads a settings file (a repository's <c>.gitstreamsync.yaml</c>, or the file given with
/// <c>--config</c>) as one YAML mapping, within the bounds every repository file gets. What keeps
/// it from being read is a problem with line and column.
/// </summary>
internal static class SettingsYaml
{
    /// <returns>The root mapping; null for an empty file, or when a problem was added.</returns>
    public static YamlMappingNode? LoadRoot(SourceFile file, List<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(problems);

        // The same bounds as every other repository file (nesting, aliases, keys written twice) before
        // YamlDotNet's representation model, which recurses and expands, sees the text.
        GitStreamSync.Core.Read.Yaml.YamlTreeParser.Parse(file.Text, out var bounded);
        if (bounded is not null)
        {
            problems.Add(new Problem(file.Path, bounded.Location, $"the file does not parse as YAML: {bounded.Message}"));
            return null;
        }

        var yaml = new YamlStream();
        var parser = new Parser(new StringReader(file.Text));
        try
        {
            yaml.Load(parser);
        }
        catch (YamlException exception)
        {
            var location = new SourceLocation((int)exception.Start.Line, (int)exception.Start.Column);
            problems.Add(new Problem(file.Path, location, $"the file does not parse as YAML: {exception.InnerException?.Message ?? exception.Message}"));
            return null;
        }
        catch (ArgumentException)
        {
            // YamlDotNet's document model refuses some events its parser accepts (an empty key, for one):
            // the place is where the parser stopped.
            var at = parser.Current?.Start;
            var location = at is { } mark ? new SourceLocation((int)mark.Line, (int)mark.Column) : new SourceLocation(1, 1);
            problems.Add(new Problem(file.Path, location, "the file does not parse as YAML: this value cannot be read"));
            return null;
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return null;
        }

        var values = new ConfigValues(file.Path, problems);
        if (yaml.Documents.Count > 1)
        {
            values.Report(yaml.Documents[1].RootNode, "the settings file must hold one YAML document");
        }

        if (yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            values.Report(yaml.Documents[0].RootNode, "the settings file must be a mapping of keys, e.g. 'paths: [streams]'");
            return null;
        }

        return root;
    }
}
