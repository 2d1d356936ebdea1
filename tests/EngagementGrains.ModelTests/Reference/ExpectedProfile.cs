namespace EngagementGrains.ModelTests.Reference;

/// <summary>What one individual's profile must show at the current instant.</summary>
public sealed record ExpectedProfile(
    IReadOnlyList<int> People,
    int EventCount,
    IReadOnlyDictionary<string, int> EventCounts,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    IReadOnlyDictionary<string, decimal?> Measures,
    IReadOnlySet<string> Segments);
