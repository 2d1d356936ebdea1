using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EngagementGrains.Core.Catalog;

namespace EngagementGrains.Core.Events;

/// <summary>
/// Writes an event's attributes as compact JSON, checking the catalog's known fields and coercing
/// the strings that LivePerson's v1 API sends for numbers and booleans into their real types.
/// </summary>
public static class AttributeCoercion
{
    public const int MaxNameLength = 128;

    private static readonly EventLimits s_defaultLimits = new();

    public static string Write(JsonElement attributes, EventTypeDefinition? type, int index, List<ValidationError> errors, EventLimits? limits = null)
    {
        limits ??= s_defaultLimits;
        var count = 0;
        foreach (var _ in attributes.EnumerateObject())
        {
            count++;
        }

        if (count > limits.MaxAttributes)
        {
            errors.Add(new ValidationError(index, "attributes", $"has {count} fields; the limit is {limits.MaxAttributes}"));
            return "{}";
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in attributes.EnumerateObject())
            {
                var field = "attributes." + property.Name;
                if (property.Name.Length is 0 or > MaxNameLength)
                {
                    errors.Add(new ValidationError(index, field, $"attribute names must be 1 to {MaxNameLength} characters"));
                    continue;
                }

                if (AttributeShape.Check(property.Value, limits) is { } shapeError)
                {
                    errors.Add(new ValidationError(index, field, shapeError));
                    continue;
                }

                writer.WritePropertyName(property.Name);
                var fieldType = type is not null && type.Fields.TryGetValue(property.Name, out var known) ? known : FieldType.Any;
                var error = WriteValue(writer, property.Value, fieldType)
                    ?? (ExactNumbers.InRange(property.Value) ? null : ExactNumbers.RangeMessage);
                if (error is not null)
                {
                    errors.Add(new ValidationError(index, field, error));
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string? WriteValue(Utf8JsonWriter writer, JsonElement value, FieldType type)
    {
        if (value.ValueKind == JsonValueKind.Null || type == FieldType.Any)
        {
            value.WriteTo(writer);
            return null;
        }

        switch (type)
        {
            case FieldType.String:
                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    writer.WriteNullValue();
                    return "must be a string";
                }

                writer.WriteStringValue(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
                return null;

            case FieldType.Int or FieldType.Long:
                if (TryReadInteger(value, type == FieldType.Int, out var integer))
                {
                    if (!ExactNumbers.InRange(integer))
                    {
                        writer.WriteNullValue();
                        return ExactNumbers.RangeMessage;
                    }

                    writer.WriteNumberValue(integer);
                    return null;
                }

                writer.WriteNullValue();
                return type == FieldType.Int ? "must be a 32-bit integer (or a string holding one)" : "must be an integer (or a string holding one)";

            case FieldType.Double:
                if (TryReadDouble(value, out var number))
                {
                    if (!ExactNumbers.InRange(number))
                    {
                        writer.WriteNullValue();
                        return ExactNumbers.RangeMessage;
                    }

                    writer.WriteNumberValue(number);
                    return null;
                }

                writer.WriteNullValue();
                return "must be a number (or a string holding one)";

            case FieldType.Bool:
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    writer.WriteBooleanValue(value.GetBoolean());
                    return null;
                }

                if (value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var flag))
                {
                    writer.WriteBooleanValue(flag);
                    return null;
                }

                writer.WriteNullValue();
                return "must be true or false";

            case FieldType.DateTime:
                var instant = EventTimestamps.Read(value, out var timeError);
                if (instant is null)
                {
                    writer.WriteNullValue();
                    return timeError;
                }

                writer.WriteStringValue(instant.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                return null;

            case FieldType.Object:
                value.WriteTo(writer);
                return value.ValueKind == JsonValueKind.Object ? null : "must be an object";

            case FieldType.Array:
                value.WriteTo(writer);
                return value.ValueKind == JsonValueKind.Array ? null : "must be an array";

            default:
                value.WriteTo(writer);
                return null;
        }
    }

    private static bool TryReadInteger(JsonElement value, bool int32, out long result)
    {
        result = 0;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetInt64(out result))
            {
                // "2222.0" style: integral doubles are accepted, fractions are not.
                if (!value.TryGetDouble(out var d) || d != Math.Floor(d) || Math.Abs(d) > long.MaxValue)
                {
                    return false;
                }

                result = (long)d;
            }
        }
        else if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.Trim();
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result))
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    || d != Math.Floor(d) || Math.Abs(d) > long.MaxValue)
                {
                    return false;
                }

                result = (long)d;
            }
        }
        else
        {
            return false;
        }

        return !int32 || result is >= int.MinValue and <= int.MaxValue;
    }

    private static bool TryReadDouble(JsonElement value, out double result)
    {
        result = 0;
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetDouble(out result) && double.IsFinite(result);
        }

        return value.ValueKind == JsonValueKind.String
            && double.TryParse(value.GetString()!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out result)
            && double.IsFinite(result);
    }
}
