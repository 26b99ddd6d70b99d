using System.Runtime.CompilerServices;
using GitStreamSync.Fuzz;

namespace GitStreamSync.Adapters.Tests.Fuzz;

/// <summary>
/// Every seed the fuzzers start from and every input they found a crash or hang with, replayed
/// through its harness: the parsers keep their promises (no unexpected exception, the editor's
/// and the round trips' invariants) on each of them, so a fixed finding stays fixed.
/// </summary>
public sealed class FuzzInputReplayTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in new[] { "corpus", "regressions" })
        {
            var root = Path.Combine(FuzzFolder(), kind);
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(Path.GetDirectoryName(file)!), Path.GetRelativePath(FuzzFolder(), file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_harness_holds_on_the_input(string harness, string input)
    {
        Assert.Contains(harness, Harness.Names);
        Harness.Run(harness, File.ReadAllBytes(Path.Combine(FuzzFolder(), input)));
    }

    [Fact]
    public void Every_harness_has_seeds_and_a_dictionary()
    {
        foreach (var harness in Harness.Names)
        {
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(FuzzFolder(), "corpus", harness)));
            Assert.True(File.Exists(Path.Combine(FuzzFolder(), "dictionaries", harness + ".dict")), harness);
        }
    }

    private static string FuzzFolder([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "GitStreamSync.Fuzz"));
}
