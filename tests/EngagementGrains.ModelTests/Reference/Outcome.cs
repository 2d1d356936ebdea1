namespace EngagementGrains.ModelTests.Reference;

/// <summary>What the reference says a request must answer; <see cref="Skipped"/> when the operation does not apply now.</summary>
/// <param name="Suppressed">Events dropped for naming a suppressed contact point; for a lift, the contact points lifted.</param>
public sealed record Outcome(int Status, int Accepted = 0, int Duplicates = 0, int Suppressed = 0)
{
    public static Outcome Skipped { get; } = new(0);
}
