using System.Text.Json;
using EngagementGrains.Core.Events;

namespace EngagementGrains.Core.Tracking;

/// <summary>
/// When a tracked call happened, as Segment computes it: the client's time of the call
/// (<c>originalTimestamp</c>, else <c>timestamp</c>) corrected for the client's clock skew with
/// <c>receivedAt - (sentAt - originalTimestamp)</c> when the client says when it sent the call; the
/// client's time as given when it does not; the time of receipt when the call carries no time at all.
/// </summary>
public static class TrackingTimestamps
{
    /// <summary>Returns the instant of the call, or null (with an error) when a timestamp is unreadable.</summary>
    public static DateTimeOffset? Resolve(JsonElement call, DateTimeOffset? batchSentAt, DateTimeOffset receivedAt, int index, List<ValidationError> errors)
    {
        var original = Read(call, "originalTimestamp", index, errors) ?? Read(call, "timestamp", index, errors);
        var sentAt = Read(call, "sentAt", index, errors) ?? batchSentAt;
        if (errors.Exists(e => e.Index == index && e.Field is "originalTimestamp" or "timestamp" or "sentAt"))
        {
            return null;
        }

        if (original is null)
        {
            return receivedAt;
        }

        return sentAt is { } sent ? receivedAt - (sent - original.Value) : original;
    }

    /// <summary>Reads an optional timestamp field; a present but unreadable one is an error.</summary>
    public static DateTimeOffset? Read(JsonElement holder, string field, int index, List<ValidationError> errors)
    {
        if (!holder.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var instant = EventTimestamps.Read(value, out var error);
        if (instant is null)
        {
            errors.Add(new ValidationError(index, field, error!));
        }

        return instant;
    }
}
