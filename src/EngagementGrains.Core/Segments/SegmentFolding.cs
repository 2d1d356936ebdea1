using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Profiles;

namespace EngagementGrains.Core.Segments;

/// <summary>Evaluates every segment for an individual and says which memberships changed.</summary>
public static class SegmentFolding
{
    /// <summary>The enter/exit changes against the memberships the state holds (not yet applied to it).</summary>
    public static IReadOnlyList<MembershipChange> Evaluate(IndividualState state, SegmentSet segments, MeasureSet measures, DateTimeOffset now) =>
        Evaluate(state, segments, measures, now, out _);

    /// <summary>As <see cref="Evaluate(IndividualState, SegmentSet, MeasureSet, DateTimeOffset)"/>, also naming the memberships dropped without a change.</summary>
    public static IReadOnlyList<MembershipChange> Evaluate(IndividualState state, SegmentSet segments, MeasureSet measures, DateTimeOffset now, out IReadOnlyList<string> dropped) =>
        Evaluate(state, segments, measures, now, null, out dropped);

    /// <summary>
    /// As <see cref="Evaluate(IndividualState, SegmentSet, MeasureSet, DateTimeOffset)"/>, evaluating again only the segments
    /// whose inputs <paramref name="changed"/> names (all of them when null); every other segment keeps the
    /// verdict its membership records. Exact only when the memberships record the last evaluation of these
    /// definitions against the values before this step.
    /// </summary>
    public static IReadOnlyList<MembershipChange> Evaluate(IndividualState state, SegmentSet segments, MeasureSet measures, DateTimeOffset now, ChangedInputs? changed, out IReadOnlyList<string> dropped)
    {
        // Memberships of segments that no longer exist, or of an earlier definition of a name deleted and
        // defined again, are dropped: their rows went with the deleted definition.
        List<string>? gone = null;
        foreach (var (name, membership) in state.Memberships)
        {
            if (!segments.Segments.ContainsKey(name) || membership.Generation != segments.Generation(name))
            {
                (gone ??= []).Add(name);
            }
        }

        foreach (var name in gone ?? [])
        {
            state.Memberships.Remove(name);
        }

        dropped = gone ?? (IReadOnlyList<string>)[];

        // Only the segments this step may have moved are evaluated, in order: those reading a changed input, a
        // dropped membership, or a segment whose verdict just flipped. Every other one keeps its membership,
        // which the context reads for references to it.
        var ordered = segments.Ordered;
        bool[]? due = null;
        if (changed is not null)
        {
            due = new bool[ordered.Count];
            foreach (var measure in changed.Measures)
            {
                foreach (var at in segments.ReadersOf(measure))
                {
                    due[at] = true;
                }
            }

            if (changed.Profile)
            {
                foreach (var at in segments.ProfileReaders)
                {
                    due[at] = true;
                }
            }

            foreach (var name in gone ?? [])
            {
                if (segments.PositionOf(name) is var at and >= 0)
                {
                    due[at] = true;
                }
            }

            if (changed.FromNothing)
            {
                foreach (var at in segments.DueFromNothing(measures))
                {
                    due[at] = true;
                }
            }
        }

        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        var context = new StateSegmentContext(state, measures, verdicts);
        var changes = new List<MembershipChange>();
        for (var at = 0; at < ordered.Count; at++)
        {
            if (due is not null && !due[at])
            {
                continue;
            }

            var spec = ordered[at];
            var held = state.Memberships.ContainsKey(spec.Name);
            var member = state.EventCount > 0 && SegmentEvaluator.Holds(spec.Root, context);
            verdicts[spec.Name] = member;
            if (member != held)
            {
                changes.Add(new MembershipChange(spec.Name, member, now, segments.Generation(spec.Name)));
                if (due is not null)
                {
                    foreach (var referrer in segments.ReferrersOf(at))
                    {
                        due[referrer] = true;
                    }
                }
            }
        }

        return changes;
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
