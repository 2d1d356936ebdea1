using System.Diagnostics;
using EngagementGrains.Core.Segments;

namespace EngagementGrains.Storage.Tracing;

/// <summary>
/// Spans around the writes a caller waits for: an individual's events appended and committed, and its
/// segment memberships written. Tags carry ids, counts and segment names only, never contact points or values.
/// </summary>
public static class StorageActivities
{
    /// <summary>The activity source to add to the tracing configuration.</summary>
    public const string SourceName = "EngagementGrains.Storage";

    /// <summary>The span of an append of events, ended when they are committed.</summary>
    public const string AppendName = "eventlog.append";

    /// <summary>The span of a copy of events into a merge survivor's log.</summary>
    public const string CopyName = "eventlog.copy";

    /// <summary>The span of an individual's segment memberships written with their change feed entries.</summary>
    public const string MembershipName = "membership.apply";

    private static readonly ActivitySource s_source = new(SourceName);

    /// <summary>
    /// Runs <paramref name="write"/> under a span started here, in the caller's context: the group-commit
    /// writers run the operation on their own loop, where the caller's activity is not current.
    /// </summary>
    public static Task<T> TraceAsync<T>(string name, string store, string individualId, int count, Func<Task<T>> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        return s_source.HasListeners() ? RunAsync(name, store, individualId, count, null, write) : write();
    }

    /// <summary>Writes memberships under a span naming the segments entered and left.</summary>
    public static Task TraceMembershipAsync(string store, string individualId, IReadOnlyList<MembershipChange> changes, Func<Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(changes);
        // Most batches change no membership: no span for a write that records nothing.
        if (changes.Count == 0 || !s_source.HasListeners())
        {
            return write();
        }

        return RunAsync(MembershipName, store, individualId, changes.Count, changes, async () =>
        {
            await write();
            return true;
        });
    }

    // Started inside an async method: the span is current for the write only, and the caller's own
    // activity is current again for it when the method returns, even if the write completed synchronously.
    private static async Task<T> RunAsync<T>(string name, string store, string individualId, int count, IReadOnlyList<MembershipChange>? changes, Func<Task<T>> write)
    {
        using (var activity = s_source.StartActivity(name, ActivityKind.Internal))
        {
            activity?.SetTag("db.system.name", store);
            activity?.SetTag("engagement.individual_id", individualId);
            activity?.SetTag("engagement.count", count);
            if (activity is not null && changes is not null)
            {
                TagSegments(activity, "engagement.segments.entered", changes.Where(c => c.Entered));
                TagSegments(activity, "engagement.segments.exited", changes.Where(c => !c.Entered));
            }

            try
            {
                return await write();
            }
            catch (Exception error)
            {
                // The type only: a database error's message may quote the row it failed on.
                activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
                throw;
            }
        }
    }

    // Segment names are the operator's own definitions, never personal data; an empty list is left out.
    private static void TagSegments(Activity activity, string tag, IEnumerable<MembershipChange> changes)
    {
        var names = string.Join(',', changes.Select(c => c.Segment));
        if (names.Length > 0)
        {
            activity.SetTag(tag, names);
        }
    }
}
