namespace EngagementGrains.Abstractions.Definitions;

/// <summary>The kinds of definitions; each has its own registry grain, keyed by the kind.</summary>
public static class DefinitionKind
{
    public const string Measures = "measures";
    public const string Segments = "segments";
}
