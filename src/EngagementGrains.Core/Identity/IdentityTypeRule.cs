namespace EngagementGrains.Core.Identity;

/// <summary>How one identity type joins people: whether it may merge two individuals, and how many values one person may hold.</summary>
public sealed class IdentityTypeRule
{
    /// <summary>True when two individuals holding the same value are one person (a user id, an email); false for identifiers people share (a family's device).</summary>
    public bool Merges { get; set; } = true;

    /// <summary>The most values of this type one individual may hold; a link or merge beyond it is refused.</summary>
    public int Limit { get; set; } = 5;
}
