/// <summary>
/// Loaded into a child <c>gitstreamsync</c> by <c>DOTNET_STARTUP_HOOKS</c> naming this assembly:
/// when the process exits it writes the name of every assembly the run loaded to the file
/// <see cref="FileVariable"/> names, so a test sees what a command pulled in. It lives here, not in a
/// test assembly, because those install a network guard when they load. The runtime looks for this
/// type by its name, outside any namespace.
/// </summary>
#pragma warning disable CA1050 // the runtime finds a startup hook only as a type named StartupHook in no namespace
public static class StartupHook
#pragma warning restore CA1050
{
    public const string FileVariable = "GITSTREAMSYNC_TEST_LOADED_ASSEMBLIES";

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(FileVariable) is not { Length: > 0 } file)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            File.WriteAllLines(file, AppDomain.CurrentDomain.GetAssemblies().Select(assembly => assembly.GetName().Name ?? ""));
    }
}
