using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Core.Measures;

namespace EngagementGrains.Core.Segments;

/// <summary>
/// Every measure and segment in force, parsed once per change. A new instance stands for any change, so an
/// individual knows it must catch up by comparing references.
/// </summary>
public sealed class ActiveDefinitions
{
    public ActiveDefinitions(DefinitionSet measures, DefinitionSet segments)
    {
        MeasureDefinitions = measures;
        SegmentDefinitions = segments;
        Segments = SegmentSet.From(segments);
        Measures = MeasureSet.From(measures, Segments);
    }

    public static ActiveDefinitions Empty { get; } = new(new DefinitionSet(0, []), new DefinitionSet(0, []));

    public DefinitionSet MeasureDefinitions { get; }

    public DefinitionSet SegmentDefinitions { get; }

    public MeasureSet Measures { get; }

    public SegmentSet Segments { get; }

    public long VersionOf(string kind) => kind == DefinitionKind.Segments ? SegmentDefinitions.Version : MeasureDefinitions.Version;

    public ActiveDefinitions With(string kind, DefinitionSet definitions) =>
        kind == DefinitionKind.Segments ? new(MeasureDefinitions, definitions) : new(definitions, SegmentDefinitions);
}
