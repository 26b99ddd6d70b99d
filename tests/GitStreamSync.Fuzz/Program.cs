using GitStreamSync.Fuzz;
using SharpFuzz;

// gitstreamsync-fuzz HARNESS                 run under afl-fuzz (persistent mode, input on stdin)
// gitstreamsync-fuzz HARNESS FILE|FOLDER...  run the harness once per file, report and exit 1 on a violation
// gitstreamsync-fuzz --list                  the harness names
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine("usage: GitStreamSync.Fuzz HARNESS [FILE|FOLDER...] | --list");
    return 2;
}

if (args[0] == "--list")
{
    foreach (var name in Harness.Names)
    {
        Console.WriteLine(name);
    }

    return 0;
}

if (!Harness.TryGet(args[0], out var harness))
{
    Console.Error.WriteLine($"unknown harness '{args[0]}'; known: {string.Join(", ", Harness.Names)}");
    return 2;
}

if (args.Length == 1)
{
    Fuzzer.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        harness(buffer.ToArray());
    });
    return 0;
}

var failed = 0;
var files = args.Skip(1).SelectMany(path => Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories) : [path]);
foreach (var file in files.Order(StringComparer.Ordinal))
{
    try
    {
        harness(File.ReadAllBytes(file));
    }
    catch (Exception exception)
    {
        failed++;
        Console.Error.WriteLine($"{file}: {exception.GetType().Name}: {exception.Message}");
    }
}

return failed == 0 ? 0 : 1;
