namespace EngagementGrains.Abstractions.Identity;

/// <summary>How a request to merge two individuals ended.</summary>
[GenerateSerializer, Alias("eg.MergeStatus")]
public enum MergeStatus
{
    /// <summary>The two are one now (or already were).</summary>
    Merged,

    /// <summary>The merge rules forbid it; nothing changed.</summary>
    Refused,

    /// <summary>One side was merged elsewhere meanwhile; resolve again with the id given.</summary>
    Moved,
}
