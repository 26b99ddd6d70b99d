namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// A tag of an image (<see cref="Core.Schedule.DueRule.ImageKey"/>) and a digest it names: what a
/// push notification says was pushed, or what a run's registry answered.
/// </summary>
internal sealed record TagDigest(string Image, string Tag, string Digest)
{
    public override string ToString() => $"{Image}:{Tag} ({Digest})";
}
