namespace GitStreamSync.Core.Read;

/// <summary>
/// Where a value of a stream is, as a problem's message names it: <c>ImageStream "a": spec</c>, or
/// <c>ImageStream "a", spec tag "t": importPolicy.scheduled</c>. The text is put together only when a
/// problem is found: every file is read again for each edit and its check, and a repository of
/// ten thousand tags that finds no problem would otherwise make a dozen such texts per tag each time.
/// </summary>
internal readonly struct ValuePlace(string stream, string? tag = null, string? field = null)
{
    public static implicit operator ValuePlace(string stream) => new(stream);

    /// <summary>The field <paramref name="name"/> (a dotted path such as <c>importPolicy.scheduled</c>) of this place.</summary>
    public ValuePlace Field(string name) => new(stream, tag, name);

    public override string ToString() =>
        (tag is null ? stream : $"{stream}, spec tag \"{tag}\"") + (field is null ? "" : ": " + field);
}
