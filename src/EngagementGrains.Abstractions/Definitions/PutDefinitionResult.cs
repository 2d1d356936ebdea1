namespace EngagementGrains.Abstractions.Definitions;

/// <summary>The outcome of storing a definition: the stored one, or why it was refused (<c>OverLimit</c>: too many of its kind).</summary>
[GenerateSerializer, Immutable, Alias("eg.PutDefinitionResult")]
public sealed record class PutDefinitionResult(
    [property: Id(0)] Definition? Stored,
    [property: Id(1)] bool Created,
    [property: Id(2)] IReadOnlyList<string> Errors,
    [property: Id(3)] bool OverLimit = false);
