namespace EngagementGrains.Abstractions.Individuals;

/// <summary>The read model of an individual's profile.</summary>
[GenerateSerializer, Immutable, Alias("eg.ProfileView")]
public sealed record class ProfileView
{
    [Id(0)] public required string IndividualId { get; init; }
    [Id(1)] public required IReadOnlyDictionary<string, IReadOnlyList<string>> Identities { get; init; }
    [Id(2)] public required IReadOnlyDictionary<string, string> AttributesJson { get; init; }
    [Id(3)] public required IReadOnlyDictionary<string, ConsentView> Consent { get; init; }
    [Id(4)] public required DateTimeOffset FirstSeen { get; init; }
    [Id(5)] public required DateTimeOffset LastSeen { get; init; }
    [Id(6)] public required long EventCount { get; init; }
    [Id(7)] public required IReadOnlyDictionary<string, long> EventCounts { get; init; }
    [Id(8)] public required IReadOnlyList<IdentityConflictView> IdentityConflicts { get; init; }
    [Id(9)] public IReadOnlyDictionary<string, Measures.MeasureValueView> Measures { get; init; } = new Dictionary<string, Measures.MeasureValueView>();

    /// <summary>The segments the individual is in, and since when.</summary>
    [Id(10)] public IReadOnlyDictionary<string, DateTimeOffset> Segments { get; init; } = new Dictionary<string, DateTimeOffset>();
}
