using System.Diagnostics.CodeAnalysis;

namespace GitStreamSync.Core.Images;

/// <summary>An OS/architecture[/variant] triple as written in OCI image indexes, e.g. <c>linux/arm64/v8</c>.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    public static Platform LinuxAmd64 { get; } = new("linux", "amd64");

    public static Platform Parse(string text) =>
        TryParse(text, out var platform)
            ? platform
            : throw new PlatformFormatException($"'{text}' is not a platform: expected OS/ARCH or OS/ARCH/VARIANT, e.g. linux/amd64");

    public static bool TryParse(string? text, [NotNullWhen(true)] out Platform? platform)
    {
        platform = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0 || p.Any(char.IsWhiteSpace)))
        {
            return false;
        }

        platform = new Platform(parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant(), parts.Length == 3 ? parts[2].ToLowerInvariant() : null);
        return true;
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}

public sealed class PlatformFormatException(string message) : FormatException(message);
