using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using GitStreamSync.Testing.Network;

namespace GitStreamSync.Cli.Tests;

/// <summary>Every test of this assembly runs with off-machine HTTP requests refused (<see cref="LoopbackOnly"/>).</summary>
internal static class LoopbackOnlyGuard
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "A test assembly: the guard must be in place before its first test runs.")]
    internal static void Install() => LoopbackOnly.Install();
}
