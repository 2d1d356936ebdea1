using System.Text.Json;
using EngagementGrains.Core.Events;

namespace EngagementGrains.Core.Sources;

/// <summary>Finds the records of a request body: a bare array, or an array under a wrapper property.</summary>
internal static class SourceBody
{
    /// <summary>The records, or null (with one error at index 0) when the body has another shape.</summary>
    public static List<JsonElement>? Records(JsonElement body, string wrapper, string expectedShape, List<ValidationError> errors)
    {
        var array = body;
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(wrapper, out var wrapped))
        {
            array = wrapped;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ValidationError(0, "", $"the body must be {expectedShape}"));
            return null;
        }

        if (array.GetArrayLength() == 0)
        {
            errors.Add(new ValidationError(0, "", "the request holds no records"));
            return null;
        }

        return [.. array.EnumerateArray()];
    }

    /// <summary>Maps every record of the body with <paramref name="map"/>, keeping each event's record index.</summary>
    public static IReadOnlyList<SourceEvent> MapEach(
        JsonElement body, string wrapper, string expectedShape, List<ValidationError> errors,
        Func<JsonElement, int, List<ValidationError>, System.Text.Json.Nodes.JsonObject?> map)
    {
        var records = Records(body, wrapper, expectedShape, errors);
        if (records is null)
        {
            return [];
        }

        var events = new List<SourceEvent>(records.Count);
        for (var index = 0; index < records.Count; index++)
        {
            if (map(records[index], index, errors) is { } mapped)
            {
                events.Add(new SourceEvent(index, mapped));
            }
        }

        return events;
    }
}
