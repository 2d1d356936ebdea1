using System.Text.Json;
using System.Text.RegularExpressions;
using EngagementGrains.Core.Conditions;

namespace EngagementGrains.Core.Measures;

/// <summary>A parsed measure definition: which events, which aggregate of which field, over which window.</summary>
public sealed partial record class MeasureSpec
{
    private static readonly HashSet<string> s_properties = ["event", "aggregate", "field", "within", "where"];

    private static readonly Dictionary<string, MeasureAggregate> s_aggregates =
        Enum.GetValues<MeasureAggregate>().ToDictionary(a => a.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    public required string Name { get; init; }
    public required IReadOnlySet<string> EventTypes { get; init; }
    public required MeasureAggregate Aggregate { get; init; }
    public string? Field { get; init; }
    public required AttributeFilter Where { get; init; }
    public required TimeWindow Window { get; init; }

    /// <summary>Whether the event's attributes must be read (a field or a filter).</summary>
    public bool NeedsAttributes => Field is not null || !Where.IsEmpty;

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.-]{0,63}$", RegexOptions.CultureInvariant)]
    public static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.:-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();

    /// <summary>Parses a definition body; returns null and lists every problem when it is invalid.</summary>
    public static MeasureSpec? Parse(string name, JsonElement body, List<DefinitionError> errors)
    {
        var before = errors.Count;
        if (!NamePattern().IsMatch(name))
        {
            errors.Add(new DefinitionError("name", "must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter"));
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new DefinitionError("", "the definition must be a JSON object"));
            return null;
        }

        foreach (var property in body.EnumerateObject().Where(p => !s_properties.Contains(p.Name)))
        {
            errors.Add(new DefinitionError(property.Name, $"is not a measure property ({string.Join(", ", s_properties)})"));
        }

        var types = ParseTypes(body, errors);
        MeasureAggregate? aggregate = null;
        if (!body.TryGetProperty("aggregate", out var aggregateElement))
        {
            errors.Add(new DefinitionError("aggregate", "is required: count, sum, avg, min, max, distinct, first or last"));
        }
        else if (aggregateElement.ValueKind != JsonValueKind.String
            || !s_aggregates.TryGetValue(aggregateElement.GetString()!, out var parsed))
        {
            errors.Add(new DefinitionError("aggregate", $"'{aggregateElement}' is not an aggregate: count, sum, avg, min, max, distinct, first or last"));
        }
        else
        {
            aggregate = parsed;
        }

        string? field = null;
        if (body.TryGetProperty("field", out var fieldElement))
        {
            if (fieldElement.ValueKind != JsonValueKind.String || fieldElement.GetString()!.Length == 0)
            {
                errors.Add(new DefinitionError("field", "must be an attribute name"));
            }
            else
            {
                field = fieldElement.GetString();
            }
        }
        else if (aggregate is MeasureAggregate.Sum or MeasureAggregate.Avg or MeasureAggregate.Min or MeasureAggregate.Max or MeasureAggregate.Distinct)
        {
            errors.Add(new DefinitionError("field", $"is required for {aggregate.ToString()!.ToLowerInvariant()}: the attribute to aggregate"));
        }

        var window = body.TryGetProperty("within", out var within) ? TimeWindow.Parse(within, "within", errors) : TimeWindow.Lifetime;
        var where = body.TryGetProperty("where", out var whereElement)
            ? AttributeFilter.Parse(whereElement, "where", errors)
            : AttributeFilter.None;

        if (errors.Count > before || aggregate is null || window is null)
        {
            return null;
        }

        return new MeasureSpec
        {
            Name = name,
            EventTypes = types,
            Aggregate = aggregate.Value,
            Field = field,
            Where = where,
            Window = window,
        };
    }

    private static HashSet<string> ParseTypes(JsonElement body, List<DefinitionError> errors)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        if (!body.TryGetProperty("event", out var element))
        {
            errors.Add(new DefinitionError("event", "is required: an event type or an array of them"));
            return types;
        }

        var names = element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().ToArray() : [element];
        if (names.Length == 0)
        {
            errors.Add(new DefinitionError("event", "must name at least one event type"));
        }

        for (var i = 0; i < names.Length; i++)
        {
            var path = element.ValueKind == JsonValueKind.Array ? $"event[{i}]" : "event";
            if (names[i].ValueKind != JsonValueKind.String || !TypePattern().IsMatch(names[i].GetString()!))
            {
                errors.Add(new DefinitionError(path, "must be an event type name"));
                continue;
            }

            types.Add(names[i].GetString()!);
        }

        return types;
    }

}
