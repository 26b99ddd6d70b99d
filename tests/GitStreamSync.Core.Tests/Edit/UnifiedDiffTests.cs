using GitStreamSync.Core.Edit;
using GitStreamSync.Testing.Git;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Tests.Edit;

/// <summary>
/// The diff <c>--dry-run</c> and <c>plan -o diff</c> print is the one the real git prints for the
/// same two texts (<c>git diff</c>, three lines of context): the same hunks with the same ranges, CR
/// kept, "\ No newline at end of file" where git says it; and the real <c>git apply</c> turns the old
/// text into the new one byte for byte.
/// </summary>
public sealed partial class UnifiedDiffTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gss-diff-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string Lines(int count, Func<int, string>? line = null, string ending = "\n") =>
        string.Concat(Enumerable.Range(1, count).Select(number => (line?.Invoke(number) ?? $"line {number}") + ending));

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "one line in the middle", Lines(20), Lines(20, n => n == 10 ? "changed" : $"line {n}") },
        { "the first line", Lines(20), Lines(20, n => n == 1 ? "changed" : $"line {n}") },
        { "the second line", Lines(20), Lines(20, n => n == 2 ? "changed" : $"line {n}") },
        { "the last line", Lines(20), Lines(20, n => n == 20 ? "changed" : $"line {n}") },
        { "the line before the last", Lines(20), Lines(20, n => n == 19 ? "changed" : $"line {n}") },
        { "lines added at the end", Lines(10), Lines(12) },
        { "lines added at the start", Lines(10), "new 1\nnew 2\n" + Lines(10) },
        { "lines removed in the middle", Lines(20), Lines(7) + Lines(20)[Lines(9).Length..] },
        { "two changes six lines apart share a hunk", Lines(30), Lines(30, n => n is 5 or 12 ? "changed" : $"line {n}") },
        { "two changes seven lines apart are two hunks", Lines(30), Lines(30, n => n is 5 or 13 ? "changed" : $"line {n}") },
        { "three hunks", Lines(60), Lines(60, n => n is 3 or 25 or 58 ? "changed" : $"line {n}") },
        { "a block replaced by a longer one", Lines(20), Lines(9) + "a\nb\nc\nd\n" + Lines(20)[Lines(12).Length..] },
        { "lines moved", Lines(12), Lines(12, n => n switch { 4 => "line 6", 6 => "line 4", _ => $"line {n}" }) },
        { "the old text has no final line break", Lines(5).TrimEnd('\n'), Lines(6) },
        { "the new text has no final line break", Lines(6), Lines(5).TrimEnd('\n') },
        { "neither has a final line break", Lines(8).TrimEnd('\n'), Lines(8, n => n == 8 ? "changed" : $"line {n}").TrimEnd('\n') },
        { "a line added after one without a line break", "a\nb", "a\nb\nc" },
        { "CR LF lines", Lines(20, ending: "\r\n"), Lines(20, n => n == 10 ? "changed" : $"line {n}", "\r\n") },
        { "a one-line file changed", "a\n", "b\n" },
        { "one line added to a one-line file", "a\n", "a\nb\n" },
        { "every other line of a 2,000-line middle changed", Alternating(2000, "old"), Alternating(2000, "new") },
        { "a status block rewritten", Status("sha256:1111", "sha256:0000"), Status("sha256:2222", "sha256:1111", "sha256:0000") },
    };

    /// <summary>Git apply reads a patch that fills or empties a file as its creation or deletion, so these are compared with git diff only.</summary>
    public static TheoryData<string, string, string> EmptyCases() => new()
    {
        { "an empty old text", "", Lines(3) },
        { "an empty new text", Lines(3), "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    [MemberData(nameof(EmptyCases))]
    public void The_diff_is_the_one_git_prints(string name, string oldText, string newText)
    {
        var diff = UnifiedDiff.Create("streams/app.yaml", oldText, newText);

        Assert.StartsWith("--- a/streams/app.yaml\n+++ b/streams/app.yaml\n@@ ", diff, StringComparison.Ordinal);
        Assert.True(GitDiff(oldText, newText) == Body(diff), $"{name}:\n{diff}\ngit:\n{GitDiff(oldText, newText)}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Git_apply_turns_the_old_text_into_the_new_one(string name, string oldText, string newText)
    {
        var path = Path.Combine(directory, "app.yaml");
        File.WriteAllText(path, oldText);
        File.WriteAllText(Path.Combine(directory, "change.diff"), UnifiedDiff.Create("app.yaml", oldText, newText));

        GitCli.Run(directory, "apply", "change.diff");

        Assert.True(newText == File.ReadAllText(path), name);
    }

    [Fact]
    public void Past_four_million_line_pairs_the_middle_is_all_removed_then_all_added_and_still_applies()
    {
        // 2,001 by 2,001 changed lines: the subsequence table would pass its bound, so the diff
        // gives up on the common lines among them (git would keep them) but stays a correct patch.
        var (oldText, newText) = (Alternating(2001, "old"), Alternating(2001, "new"));

        var diff = UnifiedDiff.Create("app.yaml", oldText, newText);

        Assert.Equal(["@@ -1,2001 +1,2001 @@", .. oldText.Split('\n')[..^1].Select(line => "-" + line), .. newText.Split('\n')[..^1].Select(line => "+" + line)], diff.Split('\n')[2..^1]);
        File.WriteAllText(Path.Combine(directory, "app.yaml"), oldText);
        File.WriteAllText(Path.Combine(directory, "change.diff"), diff);
        GitCli.Run(directory, "apply", "change.diff");
        Assert.True(newText == File.ReadAllText(Path.Combine(directory, "app.yaml")));
    }

    [Fact]
    public void A_missing_text_is_an_argument_error()
    {
        Assert.Equal("oldText", Assert.Throws<ArgumentNullException>(() => UnifiedDiff.Create("a.yaml", null!, "")).ParamName);
        Assert.Equal("newText", Assert.Throws<ArgumentNullException>(() => UnifiedDiff.Create("a.yaml", "", null!)).ParamName);
    }

    [Fact]
    public void Diffs_of_several_files_append_one_after_the_other_to_one_builder()
    {
        var (first, second) = (Lines(10), Lines(12, n => n == 6 ? "changed" : $"line {n}"));
        var output = new System.Text.StringBuilder("before\n");

        UnifiedDiff.AppendTo(output, "a.yaml", first, first.Replace("line 2\n", "two\n", StringComparison.Ordinal));
        UnifiedDiff.AppendTo(output, "same.yaml", first, first);
        UnifiedDiff.AppendTo(output, "b.yaml", Lines(12), second);

        Assert.Equal(
            "before\n" + UnifiedDiff.Create("a.yaml", first, first.Replace("line 2\n", "two\n", StringComparison.Ordinal)) + UnifiedDiff.Create("b.yaml", Lines(12), second),
            output.ToString());
        Assert.Contains("+two\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_texts_have_no_diff()
    {
        Assert.Equal("", UnifiedDiff.Create("a.yaml", Lines(10), Lines(10)));
        Assert.Equal("", UnifiedDiff.Create("a.yaml", "", ""));
    }

    /// <summary>
    /// <paramref name="count"/> lines, the odd ones (first and last among them) named after
    /// <paramref name="side"/>, the even ones the same on both sides: no common prefix or suffix.
    /// </summary>
    private static string Alternating(int count, string side) =>
        Lines(count, n => n % 2 == 1 || n == count ? $"{side} {n}" : $"same {n}");

    private static string Status(params string[] images) =>
        "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: quay.io/team/app:1.0\n"
        + "status:\n  dockerImageRepository: \"\"\n  tags:\n  - items:\n"
        + string.Concat(images.Select((image, index) => $"    - created: \"2025-12-0{index + 1}T08:00:00Z\"\n      dockerImageReference: quay.io/team/app@{image}\n      generation: 2\n      image: {image}\n"))
        + "    tag: \"1.0\"\n";

    /// <summary>Git's diff of the two texts from the first hunk on, without the text git adds after a hunk header.</summary>
    private string GitDiff(string oldText, string newText)
    {
        File.WriteAllText(Path.Combine(directory, "old"), oldText);
        File.WriteAllText(Path.Combine(directory, "new"), newText);
        var (exitCode, output, error) = GitCli.Try(directory, null, "diff", "--no-index", "--no-color", "-U3", "old", "new");
        Assert.True(exitCode == 1, error);
        return HunkHeaderContext().Replace(Body(output), "$1");
    }

    private static string Body(string diff) => diff[diff.IndexOf("\n@@ ", StringComparison.Ordinal)..];

    [GeneratedRegex(@"(?m)^(@@ -\S+ \+\S+ @@).*$")]
    private static partial Regex HunkHeaderContext();
}
