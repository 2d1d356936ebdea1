using EngagementGrains.Core.Profiles;

namespace EngagementGrains.Core.Segments;

/// <summary>Evaluates every segment for an individual and says which memberships changed.</summary>
public static class SegmentFolding
{
    /// <summary>The enter/exit changes against the memberships the state holds (not yet applied to it).</summary>
    public static IReadOnlyList<MembershipChange> Evaluate(IndividualState state, SegmentSet segments, DateTimeOffset now) =>
        Evaluate(state, segments, now, out _);

    /// <summary>As <see cref="Evaluate(IndividualState, SegmentSet, DateTimeOffset)"/>, also naming the memberships dropped without a change.</summary>
    public static IReadOnlyList<MembershipChange> Evaluate(IndividualState state, SegmentSet segments, DateTimeOffset now, out IReadOnlyList<string> dropped) =>
        Evaluate(state, segments, now, null, out dropped);

    /// <summary>
    /// As <see cref="Evaluate(IndividualState, SegmentSet, DateTimeOffset)"/>, evaluating again only the segments
    /// whose inputs <paramref name="changed"/> names (all of them when null); every other segment keeps the
    /// verdict its membership records. Exact only when the memberships record the last evaluation of these
    /// definitions against the values before this step.
    /// </summary>
    public static IReadOnlyList<MembershipChange> Evaluate(IndividualState state, SegmentSet segments, DateTimeOffset now, ChangedInputs? changed, out IReadOnlyList<string> dropped)
    {
        // Memberships of segments that no longer exist, or of an earlier definition of a name deleted and
        // defined again, are dropped: their rows went with the deleted definition.
        var gone = state.Memberships
            .Where(m => !segments.Segments.ContainsKey(m.Key) || m.Value.Generation != segments.Generation(m.Key))
            .Select(m => m.Key)
            .ToList();
        foreach (var name in gone)
        {
            state.Memberships.Remove(name);
        }

        dropped = gone;

        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        var context = new StateSegmentContext(state, verdicts);
        var changes = new List<MembershipChange>();
        foreach (var spec in segments.Ordered)
        {
            var held = state.Memberships.ContainsKey(spec.Name);
            var member = changed is null || changed.Touch(spec) || gone.Contains(spec.Name) || ReferencesChanged(spec, changes)
                ? state.EventCount > 0 && SegmentEvaluator.Holds(spec.Root, context)
                : held;
            verdicts[spec.Name] = member;
            if (member != held)
            {
                changes.Add(new MembershipChange(spec.Name, member, now, segments.Generation(spec.Name)));
            }
        }

        return changes;
    }

    private static bool ReferencesChanged(SegmentSpec spec, List<MembershipChange> changes)
    {
        if (spec.References.Count == 0)
        {
            return false;
        }

        foreach (var change in changes)
        {
            if (spec.References.Contains(change.Segment))
            {
                return true;
            }
        }

        return false;
    }

    public static void Apply(IndividualState state, IEnumerable<MembershipChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Entered)
            {
                state.Memberships[change.Segment] = new Membership(change.At, change.Generation);
            }
            else
            {
                state.Memberships.Remove(change.Segment);
            }
        }
    }
}
