using System.Text.Json;
using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Measures;

namespace EngagementGrains.Core.Segments;

/// <summary>A parsed segment: its condition tree, the implicit measures behind its behavioural conditions, and the segments it refers to.</summary>
public sealed record class SegmentSpec
{
    /// <summary>Implicit measure names start with this, so they never collide with named measures.</summary>
    public const string ImplicitPrefix = "~";

    private static readonly HashSet<string> s_behaviorKeys = ["event", "where", "within", "count", "aggregate", "field"];

    public required string Name { get; init; }
    public required SegmentCondition Root { get; init; }
    public required IReadOnlyList<MeasureSpec> ImplicitMeasures { get; init; }
    public required IReadOnlySet<string> References { get; init; }
    public required IReadOnlySet<string> MeasuresUsed { get; init; }

    /// <summary>Every measure whose value the verdict reads: the named ones and the implicit ones.</summary>
    public IReadOnlySet<string> MeasureInputs { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Whether the verdict reads the profile (an attribute or consent condition), which any event may change.</summary>
    public bool ReadsProfile { get; init; }

    public static string ImplicitName(string segment, int index) => $"{ImplicitPrefix}{segment}/{index}";

    /// <summary>Whether a measure name is one a segment condition made (<see cref="ImplicitName"/>) rather than a defined measure.</summary>
    public static bool IsImplicitName(string name) => name.StartsWith(ImplicitPrefix, StringComparison.Ordinal);

    /// <summary>Parses a definition (<c>{"all":[…]}</c> or any single condition); null with every problem listed when invalid.</summary>
    public static SegmentSpec? Parse(string name, JsonElement body, List<DefinitionError> errors)
    {
        var before = errors.Count;
        if (!MeasureSpec.NamePattern().IsMatch(name))
        {
            errors.Add(new DefinitionError("name", "must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter"));
        }

        var parser = new Parser(name, errors);
        var root = parser.Condition(body, "");
        if (errors.Count > before || root is null)
        {
            return null;
        }

        return new SegmentSpec
        {
            Name = name,
            Root = root,
            ImplicitMeasures = parser.Implicit,
            References = parser.References,
            MeasuresUsed = parser.Measures,
            MeasureInputs = parser.Measures.Concat(parser.Implicit.Select(m => m.Name)).ToHashSet(StringComparer.Ordinal),
            ReadsProfile = parser.ReadsProfile,
        };
    }

    private sealed class Parser(string segment, List<DefinitionError> errors)
    {
        public List<MeasureSpec> Implicit { get; } = [];
        public HashSet<string> References { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Measures { get; } = new(StringComparer.Ordinal);
        public bool ReadsProfile { get; private set; }

        public SegmentCondition? Condition(JsonElement element, string path)
        {
            var at = path.Length == 0 ? "" : path;
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new DefinitionError(at, "must be a condition object (all, any, not, event, measure, attribute, consent or segment)"));
                return null;
            }

            if (element.TryGetProperty("all", out var all))
            {
                return Only(element, at, "all") ? List(all, Join(at, "all"), c => new AllCondition(c) { Path = at }) : null;
            }

            if (element.TryGetProperty("any", out var any))
            {
                return Only(element, at, "any") ? List(any, Join(at, "any"), c => new AnyCondition(c) { Path = at }) : null;
            }

            if (element.TryGetProperty("not", out var not))
            {
                var child = Only(element, at, "not") ? Condition(not, Join(at, "not")) : null;
                return child is null ? null : new NotCondition(child) { Path = at };
            }

            if (element.TryGetProperty("event", out _))
            {
                return Behavior(element, at);
            }

            foreach (var kind in new[] { "measure", "attribute", "consent" })
            {
                if (element.TryGetProperty(kind, out var subject))
                {
                    return Subject(element, at, kind, subject);
                }
            }

            if (element.TryGetProperty("segment", out var reference))
            {
                if (!Only(element, at, "segment"))
                {
                    return null;
                }

                if (reference.ValueKind != JsonValueKind.String || !MeasureSpec.NamePattern().IsMatch(reference.GetString()!))
                {
                    errors.Add(new DefinitionError(Join(at, "segment"), "must be a segment name"));
                    return null;
                }

                References.Add(reference.GetString()!);
                return new SegmentReferenceCondition(reference.GetString()!) { Path = at };
            }

            errors.Add(new DefinitionError(at, "must have one of all, any, not, event, measure, attribute, consent or segment"));
            return null;
        }

        private SegmentCondition? List(JsonElement array, string path, Func<IReadOnlyList<SegmentCondition>, SegmentCondition> make)
        {
            if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            {
                errors.Add(new DefinitionError(path, "must be a non-empty array of conditions"));
                return null;
            }

            var children = new List<SegmentCondition>();
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (Condition(item, $"{path}[{index++}]") is { } child)
                {
                    children.Add(child);
                }
            }

            return children.Count == array.GetArrayLength() ? make(children) : null;
        }

        private BehaviorCondition? Behavior(JsonElement element, string at)
        {
            var before = errors.Count;
            var predicates = new List<Predicate>();
            var measureBody = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (s_behaviorKeys.Contains(property.Name))
                {
                    measureBody[property.Name] = property.Value;
                }
                else if (Predicate.Names.ContainsKey(property.Name))
                {
                    predicates.AddRange(AttributeFilter.ParsePredicates(
                        JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement> { [property.Name] = property.Value }), at, errors));
                }
                else
                {
                    errors.Add(new DefinitionError(Join(at, property.Name), "is not part of a behavioural condition (event, where, within, count, aggregate, field, or a predicate)"));
                }
            }

            var aggregated = measureBody.ContainsKey("aggregate");
            if (aggregated && measureBody.ContainsKey("count"))
            {
                errors.Add(new DefinitionError(Join(at, "count"), "use either count or aggregate with a predicate, not both"));
            }

            if (aggregated && predicates.Count == 0 && errors.Count == before)
            {
                errors.Add(new DefinitionError(at, "an aggregate needs a predicate on its value, e.g. \"gte\": 100"));
            }

            if (!aggregated && predicates.Count > 0)
            {
                errors.Add(new DefinitionError(at, "predicates on a behavioural condition go in \"count\" (or use \"aggregate\")"));
            }

            if (!aggregated)
            {
                if (measureBody.Remove("count", out var count))
                {
                    predicates.AddRange(AttributeFilter.ParsePredicates(count, Join(at, "count"), errors));
                }
                else
                {
                    predicates.Add(new Predicate(PredicateOperator.Gte, JsonSerializer.SerializeToElement(1)));
                }

                measureBody["aggregate"] = JsonSerializer.SerializeToElement("count");
            }

            // Parsed under a placeholder name: implicit names are deliberately outside the measure name pattern.
            var measureErrors = new List<DefinitionError>();
            var parsed = MeasureSpec.Parse("implicit", JsonSerializer.SerializeToElement(measureBody), measureErrors);
            errors.AddRange(measureErrors.Select(e => e with { Path = Join(at, e.Path) }));
            if (parsed is null || errors.Count > before)
            {
                return null;
            }

            var measure = parsed with { Name = ImplicitName(segment, Implicit.Count) };
            Implicit.Add(measure);
            return new BehaviorCondition(measure, predicates) { Path = at };
        }

        private SegmentCondition? Subject(JsonElement element, string at, string kind, JsonElement subject)
        {
            var before = errors.Count;
            if (subject.ValueKind != JsonValueKind.String || subject.GetString()!.Length == 0)
            {
                errors.Add(new DefinitionError(Join(at, kind), $"must be a {kind} name"));
            }

            var predicates = new List<Predicate>();
            foreach (var property in element.EnumerateObject().Where(p => p.Name != kind))
            {
                if (Predicate.Names.ContainsKey(property.Name))
                {
                    predicates.AddRange(AttributeFilter.ParsePredicates(
                        JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement> { [property.Name] = property.Value }), at, errors));
                }
                else
                {
                    errors.Add(new DefinitionError(Join(at, property.Name), $"is not a predicate of a {kind} condition"));
                }
            }

            if (predicates.Count == 0 && errors.Count == before)
            {
                errors.Add(new DefinitionError(at, $"a {kind} condition needs a predicate, e.g. \"eq\""));
            }

            if (errors.Count > before)
            {
                return null;
            }

            var name = subject.GetString()!;
            ReadsProfile |= kind != "measure";
            return kind switch
            {
                "measure" => Track(new MeasureCondition(name, predicates) { Path = at }, name),
                "attribute" => new AttributeCondition(name, predicates) { Path = at },
                _ => new ConsentCondition(name, predicates) { Path = at },
            };
        }

        private MeasureCondition Track(MeasureCondition condition, string measure)
        {
            Measures.Add(measure);
            return condition;
        }

        private bool Only(JsonElement element, string at, string key)
        {
            var ok = true;
            foreach (var property in element.EnumerateObject().Where(p => p.Name != key))
            {
                errors.Add(new DefinitionError(Join(at, property.Name), $"cannot stand beside \"{key}\""));
                ok = false;
            }

            return ok;
        }

        private static string Join(string path, string part) => path.Length == 0 ? part : $"{path}.{part}";
    }
}
