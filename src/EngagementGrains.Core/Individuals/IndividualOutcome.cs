using EngagementGrains.Core.Segments;

namespace EngagementGrains.Core.Individuals;

/// <summary>
/// What one step of an individual's rules decided: the membership changes to record (not yet taken into the
/// state: they become its own once written) and the next instant at which time alone changes a value.
/// </summary>
public sealed record class IndividualOutcome(IReadOnlyList<MembershipChange> Changes, DateTimeOffset? NextWake);
