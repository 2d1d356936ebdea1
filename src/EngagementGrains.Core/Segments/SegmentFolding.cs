using EngagementGrains.Core.Profiles;

namespace EngagementGrains.Core.Segments;

/// <summary>Evaluates every segment for an individual and says which memberships changed.</summary>
public static class SegmentFolding
{
    /// <summary>The enter/exit changes against the memberships the state holds (not yet applied to it).</summary>
    public static IReadOnlyList<MembershipChange> Evaluate(IndividualState state, SegmentSet segments, DateTimeOffset now)
    {
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        var context = new StateSegmentContext(state, verdicts);
        var changes = new List<MembershipChange>();
        foreach (var spec in segments.Ordered)
        {
            var member = state.EventCount > 0 && SegmentEvaluator.Holds(spec.Root, context);
            verdicts[spec.Name] = member;
            if (member != state.Memberships.ContainsKey(spec.Name))
            {
                changes.Add(new MembershipChange(spec.Name, member, now));
            }
        }

        // Memberships of segments that no longer exist are dropped; their rows went with the definition.
        foreach (var gone in state.Memberships.Keys.Where(s => !segments.Segments.ContainsKey(s)).ToList())
        {
            state.Memberships.Remove(gone);
        }

        return changes;
    }

    public static void Apply(IndividualState state, IEnumerable<MembershipChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Entered)
            {
                state.Memberships[change.Segment] = new Membership(change.At);
            }
            else
            {
                state.Memberships.Remove(change.Segment);
            }
        }
    }
}
