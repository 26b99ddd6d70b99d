using GitStreamSync.Core.Read;
using System.Text;
using System.Text.RegularExpressions;

namespace GitStreamSync.Cli.Tests.BadInput;

/// <summary>One generated entry: a file of mutated bytes, or a symbolic link.</summary>
internal sealed record BadInput(string Name, string Kind, byte[]? Bytes, string? LinkTarget = null, bool LinkIsFolder = false);

/// <summary>
/// Makes bad repository files from real ones (example-repo and the corpus of public ImageStream
/// files), deterministically from a seed: truncation, byte flips, invalid UTF-8, NUL bytes, keys
/// written twice, deep nesting, alias bombs, huge scalars, wrong types, and symbolic links inside
/// and out of the repository, dangling and looping. The seeds' registry hosts are first moved to a
/// loopback registry, and no mutation touches that host, so a plan asks nothing of the internet.
/// </summary>
internal static partial class BadInputGenerator
{
    public static readonly string[] Kinds =
        ["truncate", "flip", "utf8", "nul", "duplicate", "deep", "bomb", "huge", "type", "link"];

    /// <summary>The seed files (path relative to the repository root, text), with DockerImage sources moved to <paramref name="registryHost"/>.</summary>
    public static IReadOnlyList<(string Path, string Text)> Seeds(string repositoryRoot, string registryHost)
    {
        var folders = new[] { "example-repo/imagestreams", "tests/GitStreamSync.Core.Tests/Corpus" };
        return folders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(repositoryRoot, folder), "*", SearchOption.AllDirectories))
            .Where(path => ImageStreamReader.IsCandidate(path))
            .Select(path => Path.GetRelativePath(repositoryRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(path => (path, ToLoopback(path, File.ReadAllText(Path.Combine(repositoryRoot, path)), registryHost)))
            .ToList();
    }

    public static IReadOnlyList<BadInput> Generate(IReadOnlyList<(string Path, string Text)> seeds, int count, int seed, string registryHost, string outside)
    {
        var random = new Random(seed);
        var inputs = new List<BadInput>();
        for (var index = 0; index < count; index++)
        {
            var kind = Kinds[index % Kinds.Length];
            var (seedPath, text) = seeds[random.Next(seeds.Count)];
            var extension = Path.GetExtension(seedPath) is { Length: > 0 } ext ? ext : ".yaml";
            var name = $"{index:D4}-{kind}-{Path.GetFileNameWithoutExtension(seedPath)}{extension}";
            inputs.Add(kind == "link"
                ? Link(name, index, random, inputs, outside)
                : new BadInput(name, kind, Mutate(kind, text, extension == ".json", random, registryHost)));
        }

        return inputs;
    }

    /// <summary>Writes the entries into <paramref name="folder"/>.</summary>
    public static void Write(string folder, IEnumerable<BadInput> inputs)
    {
        foreach (var input in inputs)
        {
            var path = Path.Combine(folder, input.Name);
            if (input.LinkTarget is { } target)
            {
                if (input.LinkIsFolder)
                {
                    Directory.CreateSymbolicLink(path, target);
                }
                else
                {
                    File.CreateSymbolicLink(path, target);
                }
            }
            else
            {
                File.WriteAllBytes(path, input.Bytes!);
            }
        }
    }

    private static BadInput Link(string name, int index, Random random, List<BadInput> earlier, string outside)
    {
        var files = earlier.Where(e => e.Bytes is not null).ToList();
        return (index / Kinds.Length % 7) switch
        {
            0 => new BadInput(name, "link-in", null, files.Count > 0 ? files[random.Next(files.Count)].Name : name),
            1 => new BadInput(name, "link-out", null, Path.Combine(outside, "secret.yaml")),
            2 => new BadInput(name, "link-dangling", null, "nowhere-" + index + ".yaml"),
            3 => new BadInput(name, "link-loop", null, name),
            4 => new BadInput(name, "link-etc", null, "/etc/passwd"),
            5 => new BadInput(name, "link-folder-out", null, outside, LinkIsFolder: true),
            _ => new BadInput(name, "link-up", null, "../" + Path.GetFileName(outside) + "/secret.yaml"),
        };
    }

    private static byte[] Mutate(string kind, string text, bool json, Random random, string registryHost)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var protectedRanges = Protected(bytes, registryHost);
        int Position() => FreePosition(bytes.Length, protectedRanges, random);
        switch (kind)
        {
            case "truncate":
                return bytes[..Position()];
            case "flip":
                var flipped = (byte[])bytes.Clone();
                for (var i = 1 + random.Next(3); i > 0; i--)
                {
                    var at = Position();
                    flipped[Math.Min(at, flipped.Length - 1)] ^= (byte)(1 << random.Next(8));
                }

                return flipped;
            case "utf8":
                byte[][] invalid = [[0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]];
                return Insert(bytes, Position(), invalid[random.Next(invalid.Length)]);
            case "nul":
                return Insert(bytes, Position(), [0]);
            case "duplicate":
                return Encoding.UTF8.GetBytes(Duplicate(text, json, random));
            case "deep":
                int[] depths = [65, 100, 1_000, 100_000];
                var depth = depths[random.Next(depths.Length)];
                var nested = json ? new string('[', depth) + "1" + new string(']', depth) : new string('[', depth) + new string(']', depth);
                return Encoding.UTF8.GetBytes(json ? ReplaceFirstBrace(text, $"{{\"deep\": {nested}, ") : "deep: " + nested + "\n---\n" + text);
            case "bomb":
                var bomb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
                for (var level = 1; level < 9; level++)
                {
                    bomb.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 9))}]\n");
                }

                return Encoding.UTF8.GetBytes(bomb + "---\n" + text);
            case "huge":
                // Mostly within the 10 MiB limit (read, then judged as YAML), a few past it.
                var size = random.Next(20) == 0 ? (int)SourceDecoder.MaxFileBytes + 1 : random.Next(10_000, 1_000_000);
                var scalar = new string('x', size);
                return Encoding.UTF8.GetBytes(json ? ReplaceFirstBrace(text, $"{{\"huge\": \"{scalar}\", ") : $"huge: \"{scalar}\"\n---\n" + text);
            default:
                return Encoding.UTF8.GetBytes(WrongType(text, json, random));
        }
    }

    private static string ReplaceFirstBrace(string text, string replacement)
    {
        var brace = text.IndexOf('{', StringComparison.Ordinal);
        return brace < 0 ? replacement + "}" : text[..brace] + replacement + text[(brace + 1)..];
    }

    private static string Duplicate(string text, bool json, Random random)
    {
        if (json)
        {
            var keys = JsonKey().Matches(text);
            if (keys.Count == 0)
            {
                return text;
            }

            var jsonKey = keys[random.Next(keys.Count)];
            return text[..jsonKey.Index] + jsonKey.Value + " null, " + text[jsonKey.Index..];
        }

        var lines = text.Split('\n');
        var candidates = Enumerable.Range(0, lines.Length).Where(i => YamlKey().IsMatch(lines[i])).ToList();
        if (candidates.Count == 0)
        {
            return text;
        }

        var chosen = candidates[random.Next(candidates.Count)];
        var line = lines[chosen];
        // The same key again in the same mapping: a list item's first key is copied at the item's indentation.
        var key = YamlKey().Match(line).Value.TrimEnd();
        var dash = key.IndexOf("- ", StringComparison.Ordinal);
        var copy = (dash >= 0 && key[..dash].Trim().Length == 0 ? key[..dash] + "  " + key[(dash + 2)..] : key) + " null";
        return string.Join('\n', lines.Take(chosen + 1).Append(copy).Concat(lines.Skip(chosen + 1)));
    }

    private static string WrongType(string text, bool json, Random random)
    {
        string[] values = ["[wrong]", "{wrong: type}", "not-a-boolean", "3.5"];
        var matches = (json ? JsonScalarField() : YamlScalarField()).Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var match = matches[random.Next(matches.Count)];
        var value = values[random.Next(values.Length)];
        if (json)
        {
            value = value switch { "[wrong]" => "[\"wrong\"]", "{wrong: type}" => "{\"wrong\": \"type\"}", "not-a-boolean" => "\"not-a-boolean\"", _ => value };
        }

        var group = match.Groups["value"];
        return text[..group.Index] + value + text[(group.Index + group.Length)..];
    }

    private static byte[] Insert(byte[] bytes, int at, byte[] inserted) => [.. bytes[..at], .. inserted, .. bytes[at..]];

    /// <summary>Byte ranges holding the loopback registry host and its slash: a mutation there could send a plan to the internet.</summary>
    private static List<(int Start, int End)> Protected(byte[] bytes, string registryHost)
    {
        var host = Encoding.UTF8.GetBytes(registryHost + "/");
        var ranges = new List<(int, int)>();
        for (var at = bytes.AsSpan().IndexOf(host); at >= 0;)
        {
            ranges.Add((at, at + host.Length));
            var next = bytes.AsSpan(at + 1).IndexOf(host);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return ranges;
    }

    private static int FreePosition(int length, List<(int Start, int End)> ranges, Random random)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var at = random.Next(Math.Max(length, 1));
            if (!ranges.Exists(range => at >= range.Start && at < range.End))
            {
                return at;
            }
        }

        return 0;
    }

    /// <summary>Every DockerImage source's and imported repository's host becomes the loopback registry (Docker Hub's implied host too).</summary>
    private static string ToLoopback(string path, string text, string registryHost)
    {
        var read = ImageStreamReader.ReadFile(new SourceFile(path, text));
        var names = read.Streams.SelectMany(s => s.SpecTags).Select(t => t.From).OfType<TagSource>()
            .Where(from => from.Kind == TagSourceKind.DockerImage).Select(from => from.Name)
            .Concat(read.Streams.Select(s => s.RepositoryImport?.Repository.ToString()).OfType<string>())
            .Distinct().OrderByDescending(n => n.Length);
        foreach (var name in names)
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            var first = slash < 0 ? "" : name[..slash];
            var rest = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? name[(slash + 1)..] : name;
            text = Regex.Replace(text, "(?<=[\\s\"'])" + Regex.Escape(name) + "(?=[\"'\\s,}\\]]|$)", (registryHost + "/" + rest).Replace("$", "$$", StringComparison.Ordinal));
        }

        return text;
    }

    [GeneratedRegex("\"[A-Za-z][A-Za-z0-9.-]*\"\\s*:")]
    private static partial Regex JsonKey();

    [GeneratedRegex("^\\s*(- )?[A-Za-z][A-Za-z0-9.-]*:(?= |$)")]
    private static partial Regex YamlKey();

    [GeneratedRegex("(?m)^\\s*(- )?(name|kind|scheduled|generation|reference|insecure|importMode|type|namespace|apiVersion|spec|tags|from|importPolicy|metadata|annotations|referencePolicy|items|status): (?<value>[^\\s{\\[#][^\\n#]*)$")]
    private static partial Regex YamlScalarField();

    [GeneratedRegex("\"(name|kind|scheduled|generation|reference|insecure|importMode|type|namespace|apiVersion|spec|tags|from|importPolicy|metadata|annotations|referencePolicy|items|status)\"\\s*:\\s*(?<value>\"[^\"]*\"|true|false|[0-9]+)")]
    private static partial Regex JsonScalarField();
}
