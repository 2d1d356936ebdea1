using EngagementGrains.Core.Segments;
using EngagementGrains.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using EngagementGrains.Storage.Tracing;

namespace EngagementGrains.Storage.Memberships;

/// <summary>
/// Segment memberships and change feeds in the embedded database. Every commit that appends to a feed
/// wakes that segment's streams in this process (the only process that writes this database).
/// </summary>
public sealed class SqliteMembershipStore(SqliteDatabase database, SegmentFeedSignal signal) : IMembershipStore
{
    public Task ApplyAsync(string individualId, IReadOnlyList<MembershipChange> changes) =>
        StorageActivities.TraceMembershipAsync("sqlite", individualId, changes, async () =>
            Signal(await database.WriteAsync(new ApplyMembershipOperation(individualId, changes))));

    public async Task<int> ForgetAsync(string individualId, DateTimeOffset at)
    {
        var segments = await database.WriteAsync(new ForgetMemberOperation(individualId, at.ToUnixTimeMilliseconds()));
        Signal(segments);
        return segments.Count;
    }

    public Task DeleteSegmentAsync(string segment) => database.WriteAsync(new DeleteSegmentOperation(segment));

    public async Task<IReadOnlyList<MembershipRecord>> ListAsync(string segment, string afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT individual_id, since FROM segment_members WHERE segment = $segment AND individual_id > $after ORDER BY individual_id LIMIT $limit",
            ("$segment", segment), ("$after", afterId), ("$limit", limit));
        var members = new List<MembershipRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add(new MembershipRecord(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))));
        }

        return members;
    }

    public async Task<long> CountAsync(string segment, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = Command(connection, "SELECT count(*) FROM segment_members WHERE segment = $segment", ("$segment", segment));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<MembershipRecord?> FindAsync(string segment, string individualId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT since FROM segment_members WHERE segment = $segment AND individual_id = $individual",
            ("$segment", segment), ("$individual", individualId));
        return await command.ExecuteScalarAsync(cancellationToken) is long since
            ? new MembershipRecord(individualId, DateTimeOffset.FromUnixTimeMilliseconds(since))
            : null;
    }

    public async Task<IReadOnlyList<string>> SegmentsOfAsync(string individualId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = Command(connection, "SELECT segment FROM segment_members WHERE individual_id = $individual", ("$individual", individualId));
        var segments = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            segments.Add(reader.GetString(0));
        }

        return segments;
    }

    public async Task<IReadOnlyList<MembershipChangeRecord>> ChangesAsync(string segment, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT seq, individual_id, entered, at FROM segment_changes WHERE segment = $segment AND seq > $after ORDER BY seq LIMIT $limit",
            ("$segment", segment), ("$after", afterSequence), ("$limit", limit));
        var changes = new List<MembershipChangeRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new MembershipChangeRecord(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2) == 1,
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return changes;
    }

    private void Signal(IReadOnlyList<string> segments)
    {
        foreach (var segment in segments)
        {
            signal.Raise(segment);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
