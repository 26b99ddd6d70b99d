using GitStreamSync.Core.Read.Yaml;
namespace GitStreamSync.Core.Read;

/// <summary>Problems found in one document, each placed at the node it is about.</summary>
internal sealed class ProblemList(string filePath)
{
    private readonly List<Problem> items = [];

    public IReadOnlyList<Problem> Items => items;
    public int Count => items.Count;

    public void Add(YamlNode node, string message) => items.Add(new Problem(filePath, node.Location, message));

    public void AddWarning(YamlNode node, string message) => items.Add(new Problem(filePath, node.Location, message) { IsWarning = true });

    public bool HasErrors => items.Exists(problem => !problem.IsWarning);
}
