using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using System.Text;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// Brings a user's checked-out working copy along when the tool commits straight to its current
/// branch without a remote. Every new file is written to a temporary file first; only when all
/// are written are they renamed over the originals, so a failing disk leaves no partial file.
/// </summary>
internal static class WorkingCopyWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Write(Repository repository, string root, IReadOnlyList<SourceFile> files, CancellationToken cancellationToken)
    {
        var dirty = repository.RetrieveStatus(new StatusOptions { IncludeUntracked = false }).Select(e => e.FilePath).ToList();
        if (dirty.Count > 0)
        {
            throw new UncommittedChangesException(root, dirty);
        }

        var staged = new List<(string Temporary, string Target)>();
        try
        {
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var target = Path.Combine(root, file.Path);
                var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.gitstreamsync-{Guid.NewGuid():N}");
                staged.Add((temporary, target));
                File.WriteAllBytes(temporary, Utf8.GetBytes(file.Text));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            foreach (var (temporary, _) in staged)
            {
                File.Delete(temporary);
            }

            throw new RepositoryException($"writing the working copy {root}: {exception.Message} (no file was changed)", exception);
        }

        foreach (var (temporary, target) in staged)
        {
            File.Move(temporary, target, overwrite: true);
        }
    }

    public static void Stage(Repository repository, IReadOnlyList<SourceFile> files)
    {
        foreach (var file in files)
        {
            repository.Index.Add(file.Path);
        }

        repository.Index.Write();
    }
}
