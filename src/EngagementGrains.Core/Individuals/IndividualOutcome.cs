using EngagementGrains.Core.Segments;

namespace EngagementGrains.Core.Individuals;

/// <summary>
/// What one step of an individual's rules decided: the membership changes to record (not yet taken into the
/// state: they become its own once written), the next instant at which time alone changes a value, and the
/// memberships dropped without a change because their segment is gone or was defined again (their stored rows
/// should have gone with the definition, unless a copy with older definitions wrote one since: check them).
/// </summary>
public sealed record class IndividualOutcome(IReadOnlyList<MembershipChange> Changes, DateTimeOffset? NextWake, IReadOnlyList<string> Dropped);
