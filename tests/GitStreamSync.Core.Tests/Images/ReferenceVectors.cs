namespace GitStreamSync.Core.Tests.Images;

/// <summary>Digests and long names shared by the reference tables.</summary>
internal static class ReferenceVectors
{
    public const string AllF = "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    public const string Sha3c87 = "sha256:3c87c572822935df60f0f5d3665bd376841a7fcfeb806b5f212de6a00e9a7b25";
    public const string Dbcc = "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
    public const string Busybox = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
    public const string Numbers = "sha256:1234567890098765432112345667890098765432112345667890098765432112";
    public const string HexName = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";

    public static readonly string Sha512AllF = "sha512:" + new string('f', 128);

    /// <summary>127 "a/" and a final "a": exactly 255 characters, the longest name allowed.</summary>
    public static readonly string LongestPath = string.Concat(Enumerable.Repeat("a/", 127)) + "a";

    /// <summary>128 "a/" and a final "a": 257 characters.</summary>
    public static readonly string TooLongPath = string.Concat(Enumerable.Repeat("a/", 128)) + "a";
}
