using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;

namespace GitStreamSync.Core.Run;

/// <summary>
/// The sigstore trusted roots the <c>verify:</c> entries name, read from the base tip like the settings
/// themselves, so a change of trust is reviewed like any other. A file that is missing or not a trusted
/// root holds every digest its entries cover (with the reason), and nothing else.
/// </summary>
internal static class TrustedRootFiles
{
    public static IReadOnlyDictionary<string, KeylessTrust> Read(IRepositoryWorkspace workspace, VerifySettings settings)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(settings);
        var paths = settings.Policies.Select(p => p.TrustedRoot).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (paths.Count == 0)
        {
            return new Dictionary<string, KeylessTrust>();
        }

        var read = workspace.ReadSourceFiles(paths.Contains);
        var roots = new Dictionary<string, KeylessTrust>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (read.Files.FirstOrDefault(f => f.Path == path) is { } file)
            {
                try
                {
                    roots[path] = new KeylessTrust([], TrustedRoot.Parse(path, file.Text));
                }
                catch (TrustedRootFormatException e)
                {
                    roots[path] = new KeylessTrust([], null, "the trusted root " + e.Message);
                }
            }
            else
            {
                var why = read.Problems.FirstOrDefault(p => p.FilePath == path)?.Message ?? "no such file at the base tip";
                roots[path] = new KeylessTrust([], null, $"the trusted root {path}: {why}");
            }
        }

        return roots;
    }
}
