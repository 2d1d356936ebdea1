using System.Globalization;
using System.Text.Json;
using EngagementGrains.Core.Conditions;

namespace EngagementGrains.Core.Segments;

/// <summary>Evaluates a condition tree against an individual, with or without an explanation.</summary>
public static class SegmentEvaluator
{
    public static bool Holds(SegmentCondition condition, ISegmentContext context) => condition switch
    {
        AllCondition all => all.Children.All(c => Holds(c, context)),
        AnyCondition any => any.Children.Any(c => Holds(c, context)),
        NotCondition not => !Holds(not.Child, context),
        BehaviorCondition behavior => MatchesValue(behavior.Predicates, context.MeasureValue(behavior.Measure.Name)),
        MeasureCondition measure => MatchesValue(measure.Predicates, context.MeasureValue(measure.Measure)),
        AttributeCondition attribute => AllMatch(attribute.Predicates, context.Attribute(attribute.Attribute)),
        ConsentCondition consent => AllMatch(consent.Predicates, Text(context.Consent(consent.Channel))),
        SegmentReferenceCondition reference => context.IsMember(reference.Segment),
        _ => false,
    };

    public static Explanation Explain(SegmentCondition condition, ISegmentContext context)
    {
        switch (condition)
        {
            case AllCondition all:
                var allChildren = all.Children.Select(c => Explain(c, context)).ToArray();
                return new Explanation(all.Path, "all", allChildren.All(c => c.Held), null, allChildren);
            case AnyCondition any:
                var anyChildren = any.Children.Select(c => Explain(c, context)).ToArray();
                return new Explanation(any.Path, "any", anyChildren.Any(c => c.Held), null, anyChildren);
            case NotCondition not:
                var child = Explain(not.Child, context);
                return new Explanation(not.Path, "not", !child.Held, null, [child]);
            case BehaviorCondition behavior:
                var spec = behavior.Measure;
                var value = context.MeasureValue(spec.Name);
                var what = $"{spec.Aggregate.ToString().ToLowerInvariant()}{(spec.Field is null ? "" : "(" + spec.Field + ")")} of {string.Join("|", spec.EventTypes.Order(StringComparer.Ordinal))} within {spec.Window}";
                return new Explanation(behavior.Path, $"{what} {Describe(behavior.Predicates)}", Holds(behavior, context), value ?? "null", []);
            case MeasureCondition measure:
                return new Explanation(measure.Path, $"measure {measure.Measure} {Describe(measure.Predicates)}", Holds(measure, context), context.MeasureValue(measure.Measure) ?? "null", []);
            case AttributeCondition attribute:
                return new Explanation(attribute.Path, $"attribute {attribute.Attribute} {Describe(attribute.Predicates)}", Holds(attribute, context), context.Attribute(attribute.Attribute)?.GetRawText() ?? "null", []);
            case ConsentCondition consent:
                return new Explanation(consent.Path, $"consent {consent.Channel} {Describe(consent.Predicates)}", Holds(consent, context), JsonSerializer.Serialize(context.Consent(consent.Channel)), []);
            case SegmentReferenceCondition reference:
                var member = context.IsMember(reference.Segment);
                return new Explanation(reference.Path, $"segment {reference.Segment}", member, member ? "true" : "false", []);
            default:
                return new Explanation(condition.Path, "unknown", false, null, []);
        }
    }

    // Most measure values are numbers: compare them without parsing JSON on every evaluation.
    private static bool MatchesValue(IReadOnlyList<Predicate> predicates, string? json)
    {
        if (json is not null && double.TryParse(json, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            foreach (var predicate in predicates)
            {
                if (!predicate.Matches(number))
                {
                    return false;
                }
            }

            return true;
        }

        return AllMatch(predicates, Value(json));
    }

    private static bool AllMatch(IReadOnlyList<Predicate> predicates, JsonElement? value)
    {
        foreach (var predicate in predicates)
        {
            if (!predicate.Matches(value))
            {
                return false;
            }
        }

        return true;
    }

    private static JsonElement? Value(string? json)
    {
        if (json is null || json == "null")
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonElement? Text(string? text) => text is null ? null : JsonSerializer.SerializeToElement(text);

    private static string Describe(IReadOnlyList<Predicate> predicates) =>
        string.Join(" and ", predicates.Select(p => $"{Predicate.Names.First(n => n.Value == p.Operator).Key} {p.Operand.GetRawText()}"));
}
