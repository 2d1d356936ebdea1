using System.Globalization;
using System.Text.Json;
using Orleans;

namespace EngagementGrains.Storage.GrainState;

/// <summary>How both stores keep grain state: System.Text.Json blobs without type names, and a numeric etag.</summary>
public static class GrainStateJson
{
    /// <summary>Web defaults: camelCase, no type names in stored blobs.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static byte[] Serialize<T>(T state) => JsonSerializer.SerializeToUtf8Bytes(state, Options);

    /// <summary>Fills the grain state from a stored row, or resets it when there is none.</summary>
    public static void Load<T>(IGrainState<T> grainState, byte[]? body, long etag)
    {
        if (body is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = JsonSerializer.Deserialize<T>(body, Options) ?? Activator.CreateInstance<T>();
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }
}
