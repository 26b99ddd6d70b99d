using GitStreamSync.Core.Images;
using System.Reflection;

namespace GitStreamSync.Core.Tests;

/// <summary>Core stays pure (architecture.md section 1): it references its three packages and the framework, nothing else.</summary>
public sealed class CoreDependencyTests
{
    private static readonly string[] Allowed = ["YamlDotNet", "Cronos", "Microsoft.Extensions.Logging.Abstractions"];

    [Fact]
    public void Core_references_only_its_packages_and_the_framework()
    {
        var references = typeof(ImageReference).Assembly.GetReferencedAssemblies().Select(r => r.Name!).ToList();

        var outside = references.Where(name => !Allowed.Contains(name, StringComparer.Ordinal) && !IsFramework(name)).ToList();

        Assert.Empty(outside);
        Assert.Contains("System.Runtime", references);
    }

    [Theory]
    [InlineData("System.Net.Http")]
    [InlineData("LibGit2Sharp")]
    [InlineData("Octokit")]
    [InlineData("System.CommandLine")]
    [InlineData("Microsoft.Extensions.Logging")]
    public void Core_does_not_reference_io_libraries(string name)
    {
        var references = typeof(ImageReference).Assembly.GetReferencedAssemblies().Select(r => r.Name);

        Assert.DoesNotContain(name, references);
    }

    private static bool IsFramework(string name) =>
        name is "netstandard" or "mscorlib"
        || (name.StartsWith("System.", StringComparison.Ordinal) && name != "System.Net.Http")
        || name == "System"
        || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal)
        || name == "Microsoft.CSharp"
        || name == "Microsoft.VisualBasic";
}
