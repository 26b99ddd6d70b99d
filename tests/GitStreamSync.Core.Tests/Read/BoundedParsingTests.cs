using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;
using System.Text;

namespace GitStreamSync.Core.Tests.Read;

/// <summary>
/// Files from repositories that others write to: nesting, aliases, keys written twice and wrong
/// types are named at their place, and no input makes the parse grow beyond its text.
/// </summary>
public sealed class BoundedParsingTests
{
    private const string Stream = "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\n";

    private static IReadOnlyList<string> Problems(string path, string text) =>
        [.. ImageStreamReader.ReadFile(new SourceFile(path, text)).Problems.Select(p => p.ToString())];

    [Fact]
    public void Nesting_of_64_levels_is_read_and_65_is_named_where_it_starts()
    {
        Assert.Empty(Problems("deep.yaml", Stream + "x: " + new string('[', 63) + new string(']', 63) + "\n"));

        Assert.Equal(
            ["deep.yaml:5:67: the file does not parse as YAML: nesting is deeper than 64 levels, the limit (an ImageStream needs fewer than 15)"],
            Problems("deep.yaml", Stream + "x: " + new string('[', 64) + new string(']', 64) + "\n"));
        Assert.Equal(
            ["deep.json:1:65: the file does not parse as JSON: nesting is deeper than 64 levels, the limit (an ImageStream needs fewer than 15)"],
            Problems("deep.json", new string('[', 65) + new string(']', 65)));
    }

    [Theory]
    [InlineData("deep.yaml", "- ", "")]
    [InlineData("deep.yaml", "[", "]")]
    [InlineData("deep.json", "{\"a\":", "}")]
    public void A_hundred_thousand_levels_are_refused_at_the_limit(string path, string open, string close)
    {
        var text = new StringBuilder().Insert(0, open, 100_000).Append('1').Insert(open.Length * 100_000 + 1, close, 100_000).ToString();

        var problem = Assert.Single(Problems(path, text));

        Assert.Contains("nesting is deeper than 64 levels", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_bomb_is_refused_at_the_alias_that_passes_the_budget()
    {
        var text = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 10; level++)
        {
            text.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]\n");
        }

        var problem = Assert.Single(Problems("bomb.yaml", text.ToString()));

        Assert.Equal("bomb.yaml:4:45: the file does not parse as YAML: alias *a2 makes this document's aliases stand for more than 10,000 nodes, the limit (an alias bomb?)", problem);
    }

    [Fact]
    public void An_alias_to_the_collection_that_holds_it_is_refused()
    {
        Assert.Equal(
            ["loop.yaml:1:11: the file does not parse as YAML: alias *a refers to the collection that holds it, which would never end"],
            Problems("loop.yaml", "a: &a [b, *a]\n"));
    }

    [Fact]
    public void Aliases_in_other_documents_are_read_but_an_imagestream_with_an_alias_or_merge_key_is_refused()
    {
        var other = "kind: ConfigMap\ndata: &d {a: b}\ncopy: *d\n";
        var withAlias = Stream + "spec:\n  tags:\n  - name: a\n    from: &from {kind: DockerImage, name: alpine:3.20}\n  - name: b\n    from: *from\n";
        var withMerge = Stream + "spec:\n  tags:\n  - name: a\n    <<: {from: {kind: DockerImage, name: alpine:3.20}}\n";

        Assert.Empty(Problems("other.yaml", other));
        Assert.Equal(["alias.yaml:10:11: ImageStream \"app\": alias *from is not read: an ImageStream may not use YAML aliases or merge keys; write the values out"], Problems("alias.yaml", withAlias));
        Assert.Equal(["merge.yaml:8:5: ImageStream \"app\": merge key << is not read: an ImageStream may not use YAML aliases or merge keys; write the values out"], Problems("merge.yaml", withMerge));
        Assert.Empty(Problems("quoted.yaml", Stream + "spec:\n  tags: []\n  \"<<\": text\n"));
    }

    [Theory]
    [InlineData("dup.yaml", Stream + "spec:\n  tags: []\nspec: {}\n", "dup.yaml:7:1: the file does not parse as YAML: key \"spec\" is written twice in one mapping (first at 5:1); kubectl refuses such a file")]
    [InlineData("dup.yaml", Stream + "spec:\n  tags:\n  - name: a\n    name: b\n", "dup.yaml:8:5: the file does not parse as YAML: key \"name\" is written twice in one mapping (first at 7:5); kubectl refuses such a file")]
    [InlineData("dup.json", "{\"kind\": \"ImageStream\", \"kind\": \"List\"}", "dup.json:1:25: the file does not parse as JSON: key \"kind\" is written twice in one mapping (first at 1:2); kubectl refuses such a file")]
    public void A_key_written_twice_in_one_mapping_is_named_at_the_second(string path, string text, string expected)
    {
        Assert.Equal([expected], Problems(path, text));
    }

    [Theory]
    // The repeat as the 8th entry and as the 9th (where the reader starts keeping a mapping's keys in
    // a table), then much later, of a key taken into the table when it was made and of one added to it since.
    [InlineData(5, "k1", "dup.yaml:9:1: the file does not parse as YAML: key \"k1\" is written twice in one mapping (first at 3:1); kubectl refuses such a file")]
    [InlineData(6, "k1", "dup.yaml:10:1: the file does not parse as YAML: key \"k1\" is written twice in one mapping (first at 3:1); kubectl refuses such a file")]
    [InlineData(20, "k1", "dup.yaml:24:1: the file does not parse as YAML: key \"k1\" is written twice in one mapping (first at 3:1); kubectl refuses such a file")]
    [InlineData(21, "k20", "dup.yaml:25:1: the file does not parse as YAML: key \"k20\" is written twice in one mapping (first at 22:1); kubectl refuses such a file")]
    public void A_key_written_twice_in_a_mapping_of_many_keys_is_named_at_the_second(int keys, string repeated, string expected)
    {
        // kind, keys k0 .. k(keys-1), a sequence as a key (no key text, though it holds "k1"), then the repeat.
        var text = "kind: ConfigMap\n" + string.Concat(Enumerable.Range(0, keys).Select(index => $"k{index}: v\n")) + "? [k1]\n: v\n" + repeated + ": again\n";

        Assert.Equal([expected], Problems("dup.yaml", text));
    }

    [Fact]
    public void Keys_of_a_mapping_of_many_keys_are_told_apart_and_nested_mappings_keep_their_own()
    {
        var keys = string.Concat(Enumerable.Range(0, 30).Select(index => $"k{index}:\n  k{index}: v\n  inner: {{k{index}: v}}\n"));

        Assert.Empty(Problems("many.yaml", "kind: ConfigMap\n" + keys));
    }

    [Fact]
    public void An_alias_to_a_collection_that_has_ended_is_read_even_inside_another_collection()
    {
        Assert.Empty(Problems("alias.yaml", "kind: ConfigMap\na: &a [b, c]\nd:\n  e: [*a, *a]\n  f: *a\n"));
    }

    [Theory]
    [InlineData("spec: [a]\n", "5:7: ImageStream \"app\": spec is not a mapping")]
    [InlineData("  generation: one\n", "5:15: ImageStream \"app\": metadata.generation is not a whole number")]
    [InlineData("  annotations: [a]\n", "5:16: ImageStream \"app\": metadata.annotations is not a mapping")]
    [InlineData("  annotations: {a: [b]}\n", "5:20: ImageStream \"app\": metadata.annotations: a key and its value must be strings")]
    [InlineData("  namespace: [a]\n", "5:14: ImageStream: metadata.namespace is not a string")]
    [InlineData("spec:\n  tags:\n  - name: a\n    importPolicy: {importMode: {a: b}}\n", "8:32: ImageStream \"app\", spec tag \"a\": importPolicy.importMode is not a string")]
    [InlineData("spec:\n  tags:\n  - name: a\n    from: {kind: ImageStreamTag, name: b, namespace: [c]}\n", "8:54: ImageStream \"app\", spec tag \"a\": from.namespace is not a string")]
    [InlineData("spec:\n  tags:\n  - name: a\n    importPolicy: [x]\n", "8:19: ImageStream \"app\", spec tag \"a\": importPolicy is not a mapping")]
    [InlineData("spec:\n  tags:\n  - name: a\n    importPolicy: {scheduled: yes}\n", "8:31: ImageStream \"app\", spec tag \"a\": importPolicy.scheduled is not true or false")]
    [InlineData("spec:\n  tags:\n  - name: a\n    reference: 1\n", "8:16: ImageStream \"app\", spec tag \"a\": reference is not true or false")]
    [InlineData("spec:\n  tags:\n  - name: a\n    generation: [1]\n", "8:17: ImageStream \"app\", spec tag \"a\": generation is not a whole number")]
    [InlineData("spec:\n  tags:\n  - name: a\n    referencePolicy: {type: Remote}\n", "8:29: ImageStream \"app\", spec tag \"a\": referencePolicy.type is not Source or Local")]
    [InlineData("spec:\n  tags:\n  - name: a\n    referencePolicy: Local\n", "8:22: ImageStream \"app\", spec tag \"a\": referencePolicy is not a mapping")]
    [InlineData("spec:\n  tags:\n  - name: a\n    importPolicy: {insecure: 2}\n", "8:30: ImageStream \"app\", spec tag \"a\": importPolicy.insecure is not true or false")]
    [InlineData("spec:\n  tags:\n  - name: a\n    annotations: {b: [c]}\n", "8:22: ImageStream \"app\", spec tag \"a\": annotations: a key and its value must be strings")]
    [InlineData("spec:\n  tags:\n  - name: a\n    from: b\n", "8:11: ImageStream \"app\", spec tag \"a\": from is not a mapping")]
    [InlineData("spec:\n  tags:\n  - name: a\n    from: {kind: DockerImage}\n", "8:5: ImageStream \"app\", spec tag \"a\": from has no name")]
    public void A_value_of_the_wrong_type_is_named_not_read_as_absent(string tail, string expected)
    {
        Assert.Equal(["types.yaml:" + expected], Problems("types.yaml", Stream + tail));
    }

    [Fact]
    public void The_settings_file_has_the_same_bounds()
    {
        var read = RepositoryConfigReader.Read(new SourceFile(".gitstreamsync.yaml", "paths: " + new string('[', 100_000)), _ => null);

        Assert.Equal(".gitstreamsync.yaml:1:71: the file does not parse as YAML: nesting is deeper than 64 levels, the limit (an ImageStream needs fewer than 15)", Assert.Single(read.Problems).ToString());
    }
}
