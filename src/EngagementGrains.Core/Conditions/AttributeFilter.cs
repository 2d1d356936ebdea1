using System.Text.Json;

namespace EngagementGrains.Core.Conditions;

/// <summary>A <c>where</c> clause: every named attribute must satisfy every one of its predicates.</summary>
public sealed class AttributeFilter
{
    private readonly IReadOnlyList<(string Field, Predicate Predicate)> _clauses;

    private AttributeFilter(IReadOnlyList<(string Field, Predicate Predicate)> clauses) => _clauses = clauses;

    public static AttributeFilter None { get; } = new([]);

    public bool IsEmpty => _clauses.Count == 0;

    public IEnumerable<string> Fields => _clauses.Select(c => c.Field).Distinct(StringComparer.Ordinal);

    /// <summary>Parses <c>{"field": {"op": operand, ...}, ...}</c>, adding errors under <paramref name="path"/>.</summary>
    public static AttributeFilter Parse(JsonElement where, string path, List<DefinitionError> errors)
    {
        if (where.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new DefinitionError(path, "must be an object of attribute name to predicates, e.g. {\"currency\":{\"eq\":\"USD\"}}"));
            return None;
        }

        var clauses = new List<(string, Predicate)>();
        foreach (var field in where.EnumerateObject())
        {
            clauses.AddRange(ParsePredicates(field.Value, $"{path}.{field.Name}", errors).Select(p => (field.Name, p)));
        }

        return new AttributeFilter(clauses);
    }

    /// <summary>Parses <c>{"gte": 3, ...}</c>: one or more predicates on one value.</summary>
    public static IReadOnlyList<Predicate> ParsePredicates(JsonElement element, string path, List<DefinitionError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.EnumerateObject().Any())
        {
            errors.Add(new DefinitionError(path, $"must be an object of predicates ({string.Join(", ", Predicate.Names.Keys)})"));
            return [];
        }

        var predicates = new List<Predicate>();
        foreach (var property in element.EnumerateObject())
        {
            if (!Predicate.Names.TryGetValue(property.Name, out var op))
            {
                errors.Add(new DefinitionError($"{path}.{property.Name}",
                    $"is not a predicate (known: {string.Join(", ", Predicate.Names.Keys)})"));
                continue;
            }

            if (Predicate.CheckOperand(op, property.Value) is { } problem)
            {
                errors.Add(new DefinitionError($"{path}.{property.Name}", problem));
                continue;
            }

            predicates.Add(new Predicate(op, property.Value.Clone()));
        }

        return predicates;
    }

    public bool Matches(JsonElement attributes)
    {
        foreach (var (field, predicate) in _clauses)
        {
            JsonElement? value = attributes.ValueKind == JsonValueKind.Object && attributes.TryGetProperty(field, out var v) ? v : null;
            if (!predicate.Matches(value))
            {
                return false;
            }
        }

        return true;
    }
}
