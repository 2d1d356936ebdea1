namespace EngagementGrains.Abstractions.Identity;

/// <summary>How a split ended.</summary>
public enum SplitStatus
{
    /// <summary>The contact points and their events are another individual now.</summary>
    Split,

    /// <summary>There is no such individual.</summary>
    NotFound,

    /// <summary>The individual was merged into another; the detail names it.</summary>
    Moved,

    /// <summary>The request cannot be carried out; the detail says why (a contact point it does not hold, none left).</summary>
    Refused,
}
