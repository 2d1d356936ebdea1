using System.Text.Json;
using Orleans.Storage;

namespace EngagementGrains.Storage.GrainState;

/// <summary>Grain state as System.Text.Json for Orleans' storage providers: the same bytes our own stores write.</summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => new(GrainStateJson.Serialize(input));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, GrainStateJson.Options) ?? Activator.CreateInstance<T>();
}
