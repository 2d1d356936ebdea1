using System.Text.Json;

namespace EngagementGrains.Gateway.Definitions;

/// <summary>
/// A measure definition as <c>PUT /v1/measures/{name}</c> takes it. It describes the request in the API
/// document; the body is parsed strictly (an unknown property is an error naming it).
/// </summary>
/// <param name="Event">One event type or a list of them.</param>
/// <param name="Aggregate"><c>count</c>, <c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c>, <c>distinct</c>, <c>first</c> or <c>last</c>.</param>
/// <param name="Field">The attribute aggregated (every aggregate but <c>count</c>).</param>
/// <param name="Within"><c>Nm</c>, <c>Nh</c> or <c>Nd</c> (sliding), <c>{"from":…,"to":…}</c>, or <c>lifetime</c> (the default).</param>
/// <param name="Where">Attribute name → predicates (<c>eq</c>, <c>ne</c>, <c>in</c>, <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>, <c>between</c>, <c>contains</c>, <c>startsWith</c>, <c>exists</c>); all must hold.</param>
public sealed record class MeasureDefinition(
    JsonElement Event,
    string? Aggregate = null,
    string? Field = null,
    JsonElement? Within = null,
    IReadOnlyDictionary<string, JsonElement>? Where = null);
