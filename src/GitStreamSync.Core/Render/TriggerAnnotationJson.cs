using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitStreamSync.Core.Render;

/// <summary>
/// The image-change trigger annotation read as a list of JSON values by code generated at build
/// time: the same reading and the same error text as the reflection serializer, in a build that has
/// none (trimmed, Native AOT).
/// </summary>
[JsonSerializable(typeof(JsonElement[]))]
internal sealed partial class TriggerAnnotationJson : JsonSerializerContext;
