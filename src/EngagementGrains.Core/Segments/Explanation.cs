namespace EngagementGrains.Core.Segments;

/// <summary>Why a condition held or not: the node, its verdict, the value it looked at, and its children.</summary>
public sealed record class Explanation(
    string Path,
    string Condition,
    bool Held,
    string? ValueJson,
    IReadOnlyList<Explanation> Children);
