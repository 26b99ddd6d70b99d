using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace GitStreamSync.Cli.Output;

/// <summary>A command whose <c>--help</c> ends with examples; the root's command list keeps the one-line description.</summary>
internal sealed class CommandWithExamples(string name, string description, string examples) : Command(name, description)
{
    public string Examples { get; } = examples;
}

/// <summary><c>--help</c> as System.CommandLine prints it, then the command's examples when it has some.</summary>
internal sealed class ExamplesHelp : SynchronousCommandLineAction
{
    // As System.CommandLine's own help: asking for help is not an error, even without required options.
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var result = new HelpAction { MaxWidth = CliApplication.HelpWidth }.Invoke(parseResult);
        if (parseResult.CommandResult.Command is CommandWithExamples command)
        {
            parseResult.InvocationConfiguration.Output.Write("Examples:\n" + command.Examples + "\n\n");
        }

        return result;
    }
}
