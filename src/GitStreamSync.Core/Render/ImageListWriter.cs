using System.Text;

namespace GitStreamSync.Core.Render;

/// <summary><c>STREAM:TAG&lt;TAB&gt;REFERENCE@DIGEST</c>, one line per reviewed tag, for scripts.</summary>
internal static class ImageListWriter
{
    public static string Write(IReadOnlyList<ReviewedTag> reviewed)
    {
        ArgumentNullException.ThrowIfNull(reviewed);
        var text = new StringBuilder();
        foreach (var tag in reviewed)
        {
            text.Append(tag.Name).Append('\t').Append(tag.Current.DockerImageReference).Append('\n');
        }

        return text.ToString();
    }
}
