using EngagementGrains.Abstractions.Events;

namespace EngagementGrains.Core.Profiles;

/// <summary>
/// The snapshot of an individual: everything folded from its log up to <see cref="LogPosition"/>.
/// Scalars are settable because the grain folds events into one instance rather than copying it per event.
/// </summary>
[GenerateSerializer, Alias("eg.IndividualState")]
public sealed record class IndividualState
{
    /// <summary>The highest log sequence folded in; replay after a restart starts above it.</summary>
    [Id(0)] public long LogPosition { get; set; }
    [Id(1)] public DateTimeOffset? FirstSeen { get; set; }
    [Id(2)] public DateTimeOffset? LastSeen { get; set; }
    [Id(3)] public long EventCount { get; set; }
    [Id(4)] public Dictionary<string, long> EventCounts { get; init; } = new(StringComparer.Ordinal);
    [Id(5)] public Dictionary<string, AttributeEntry> Attributes { get; init; } = new(StringComparer.Ordinal);
    [Id(6)] public Dictionary<string, ConsentEntry> Consent { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Identity keys (<c>type:value</c>) that resolve to this individual.</summary>
    [Id(7)] public HashSet<string> Identities { get; init; } = new(StringComparer.Ordinal);
    [Id(8)] public List<IdentityConflict> Conflicts { get; init; } = [];

    /// <summary>The newest events by occurredAt; the log holds all of them.</summary>
    [Id(9)] public List<StoredEvent> Recent { get; init; } = [];

    /// <summary>Each measure's compact state, by measure name.</summary>
    [Id(10)] public Dictionary<string, Measures.MeasureState> Measures { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The wake-up instant registered in the schedule, so unchanged ones are not written again.</summary>
    [Id(11)] public DateTimeOffset? ScheduledWakeAt { get; set; }

    /// <summary>The segments the individual is in, since when.</summary>
    [Id(12)] public Dictionary<string, Segments.Membership> Memberships { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The survivor this individual was merged into; a merged individual holds nothing else and redirects.</summary>
    [Id(13)] public string? MergedInto { get; set; }

    [Id(14)] public DateTimeOffset? MergedAt { get; set; }

    /// <summary>The individuals merged into this one (directly or through them), and when.</summary>
    [Id(15)] public Dictionary<string, DateTimeOffset> Absorbed { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The measure registry version this state's measures were last brought up to: a measure defined at or
    /// before it with no state here has its empty value (a state is created by the first event that counts).
    /// 0 (snapshots from before lazy states, a rebuild) means no absent state is known to be empty.
    /// </summary>
    [Id(16)] public long MeasuresSyncedTo { get; set; }

    /// <summary>As <see cref="MeasuresSyncedTo"/>, for the implicit measures of segments (the segment registry's version).</summary>
    [Id(17)] public long SegmentsSyncedTo { get; set; }

    /// <summary>Contact points split off this individual (or off the one it was split from) that it may not merge with again.</summary>
    [Id(18)] public List<Identity.Separation> Separations { get; init; } = [];

    /// <summary>
    /// The individuals this one was split from or split off, and when: their ids on copied events are not lost
    /// merges to complete, and a repeated split hand-over is recognised. Never lifted.
    /// </summary>
    [Id(19)] public Dictionary<string, DateTimeOffset> SplitFrom { get; init; } = new(StringComparer.Ordinal);

    /// <summary>A split asked for and not yet complete; the next activation completes it.</summary>
    [Id(20)] public Identity.PendingSplit? PendingSplit { get; set; }

    /// <summary>
    /// A state to fold the whole log into again: what is not derived from the log (memberships as
    /// published, merged individuals, the registered wake-up, contact points handed over by a split,
    /// separations) is kept.
    /// </summary>
    public static IndividualState Rebuilding(IndividualState from)
    {
        var state = new IndividualState { ScheduledWakeAt = from.ScheduledWakeAt, PendingSplit = from.PendingSplit };
        state.Identities.UnionWith(from.Identities);
        state.Separations.AddRange(from.Separations);
        foreach (var (individual, at) in from.SplitFrom)
        {
            state.SplitFrom[individual] = at;
        }

        foreach (var (segment, membership) in from.Memberships)
        {
            state.Memberships[segment] = membership;
        }

        foreach (var (individual, at) in from.Absorbed)
        {
            state.Absorbed[individual] = at;
        }

        return state;
    }
}
