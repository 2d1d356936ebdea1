using System.Text.Json;

namespace EngagementGrains.Core.Events;

/// <summary>
/// Bounds the shape of one attribute value: a sender may not nest deeper or send longer strings than the
/// limits say, since every fold and every evaluation reads them again.
/// </summary>
public static class AttributeShape
{
    /// <summary>Null when the value is within the limits, else why not.</summary>
    public static string? Check(JsonElement value, EventLimits limits) => Check(value, limits, 0);

    private static string? Check(JsonElement value, EventLimits limits, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var length = value.GetString()!.Length;
                return length > limits.MaxStringLength
                    ? $"holds a string of {length} characters; the limit is {limits.MaxStringLength}"
                    : null;
            case JsonValueKind.Object or JsonValueKind.Array when depth >= limits.MaxAttributeDepth:
                return $"nests deeper than {limits.MaxAttributeDepth} levels";
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Name.Length > limits.MaxStringLength)
                    {
                        return $"holds a field name of {property.Name.Length} characters; the limit is {limits.MaxStringLength}";
                    }

                    if (Check(property.Value, limits, depth + 1) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (Check(item, limits, depth + 1) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
