using System.Globalization;
using System.Text;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// Writes the tool's commits, signed when a key is given: the commit object's text (tree, parents,
/// author, committer, message) is built here, signed with <see cref="SshSigningKey"/>, and stored with
/// the signature in its <c>gpgsig</c> header, which is what <c>git commit -S</c> writes with
/// <c>gpg.format=ssh</c>. Without a key it is a plain <c>CreateCommit</c>.
/// </summary>
internal static class SignedCommits
{
    public static Commit Create(Repository repository, SshSigningKey? key, Signature author, Signature committer, string message, Tree tree, IReadOnlyList<Commit> parents)
    {
        if (key is null)
        {
            return repository.ObjectDatabase.CreateCommit(author, committer, message, tree, parents, prettifyMessage: false);
        }

        var content = new StringBuilder();
        content.Append("tree ").Append(tree.Sha).Append('\n');
        foreach (var parent in parents)
        {
            content.Append("parent ").Append(parent.Sha).Append('\n');
        }

        content.Append("author ").Append(Person(author)).Append('\n');
        content.Append("committer ").Append(Person(committer)).Append('\n');
        content.Append('\n').Append(message);
        var text = content.ToString();
        var id = repository.ObjectDatabase.CreateCommitWithSignature(text, key.Sign(Encoding.UTF8.GetBytes(text)));
        return repository.Lookup<Commit>(id);
    }

    /// <summary><c>Name &lt;email&gt; 1767225600 +0100</c>, as Git writes an identity line.</summary>
    private static string Person(Signature who)
    {
        var offset = who.When.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{who.Name} <{who.Email}> {who.When.ToUnixTimeSeconds()} {sign}{abs.Hours:00}{abs.Minutes:00}");
    }
}
