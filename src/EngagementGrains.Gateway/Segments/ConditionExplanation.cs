using System.Text.Json;
using System.Text.Json.Serialization;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Gateway.Profiles;

namespace EngagementGrains.Gateway.Segments;

/// <summary>One node of a segment's condition tree, as evaluated for one individual.</summary>
/// <param name="Path">The node's JSON path in the definition (<c>all[1].not</c>); empty for the root.</param>
/// <param name="Condition">The condition in words.</param>
/// <param name="Held">Whether it held.</param>
/// <param name="Value">What it looked at (a count, a sum, an attribute, a consent status, a membership); absent for all/any/not.</param>
/// <param name="Children">The nodes below it; absent for a leaf.</param>
public sealed record class ConditionExplanation(
    string Path,
    string Condition,
    bool Held,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ConditionExplanation>? Children)
{
    public static ConditionExplanation From(ExplanationView view) => new(
        view.Path,
        view.Condition,
        view.Held,
        view.ValueJson is null ? null : ApiJson.Element(view.ValueJson),
        view.Children.Count > 0 ? view.Children.Select(From).ToArray() : null);
}
