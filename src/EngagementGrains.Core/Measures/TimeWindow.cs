using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Events;

namespace EngagementGrains.Core.Measures;

/// <summary>
/// A time window on occurredAt. Sliding: at instant t it holds events with t - length &lt; occurredAt &lt;= t,
/// so an event enters at its occurredAt and leaves exactly <c>length</c> later. Fixed: from &lt;= occurredAt &lt; to.
/// </summary>
public sealed partial record class TimeWindow(WindowKind Kind, TimeSpan Length, DateTimeOffset? From, DateTimeOffset? To)
{
    public static TimeWindow Lifetime { get; } = new(WindowKind.Lifetime, TimeSpan.Zero, null, null);

    /// <summary>
    /// The longest sliding window: ten years. A longer one is refused, so window arithmetic on any accepted
    /// occurredAt stays inside the calendar (a window is lifetime or fixed when it must reach further).
    /// </summary>
    public static readonly TimeSpan MaxSlidingLength = TimeSpan.FromDays(3650);

    [GeneratedRegex(@"^([1-9][0-9]{0,5})([mhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex SlidingPattern();

    public static TimeWindow Sliding(TimeSpan length) => new(WindowKind.Sliding, length, null, null);

    /// <summary>Parses <c>"30d"</c>, <c>"lifetime"</c> or <c>{"from":..,"to":..}</c>.</summary>
    public static TimeWindow? Parse(JsonElement within, string path, List<DefinitionError> errors)
    {
        if (within.ValueKind == JsonValueKind.String)
        {
            var text = within.GetString()!;
            if (text == "lifetime")
            {
                return Lifetime;
            }

            var match = SlidingPattern().Match(text);
            if (!match.Success)
            {
                errors.Add(new DefinitionError(path, "must be Nm, Nh or Nd (e.g. 30d), \"lifetime\", or {\"from\":…,\"to\":…}"));
                return null;
            }

            var n = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var length = match.Groups[2].Value switch
            {
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
            if (length > MaxSlidingLength)
            {
                errors.Add(new DefinitionError(path, "must be at most 3650d (ten years); use \"lifetime\" or {\"from\":…} for longer"));
                return null;
            }

            return Sliding(length);
        }

        if (within.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new DefinitionError(path, "must be Nm, Nh or Nd (e.g. 30d), \"lifetime\", or {\"from\":…,\"to\":…}"));
            return null;
        }

        DateTimeOffset? from = null, to = null;
        foreach (var property in within.EnumerateObject())
        {
            if (property.Name is not ("from" or "to"))
            {
                errors.Add(new DefinitionError($"{path}.{property.Name}", "is not a window bound (from, to)"));
                continue;
            }

            var instant = EventTimestamps.Read(property.Value, out var error);
            if (instant is null)
            {
                errors.Add(new DefinitionError($"{path}.{property.Name}", error!));
            }
            else if (property.Name == "from")
            {
                from = instant;
            }
            else
            {
                to = instant;
            }
        }

        if (from is null && to is null)
        {
            errors.Add(new DefinitionError(path, "needs from, to, or both"));
            return null;
        }

        if (from >= to)
        {
            errors.Add(new DefinitionError(path, "from must be before to"));
            return null;
        }

        return new TimeWindow(WindowKind.Fixed, TimeSpan.Zero, from, to);
    }

    public bool Holds(DateTimeOffset occurredAt, DateTimeOffset now) => Kind switch
    {
        WindowKind.Sliding => occurredAt > now - Length && occurredAt <= now,
        WindowKind.Fixed => (From is null || occurredAt >= From) && (To is null || occurredAt < To),
        _ => true,
    };

    public override string ToString() => Kind switch
    {
        WindowKind.Sliding when Length.TotalDays >= 1 && Length.TotalDays == Math.Floor(Length.TotalDays) => $"{Length.TotalDays:0}d",
        WindowKind.Sliding when Length.TotalHours == Math.Floor(Length.TotalHours) => $"{Length.TotalHours:0}h",
        WindowKind.Sliding => $"{Length.TotalMinutes:0}m",
        WindowKind.Fixed => $"{From:O}..{To:O}",
        _ => "lifetime",
    };
}
