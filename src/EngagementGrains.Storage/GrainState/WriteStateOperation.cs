using System.Globalization;
using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.GrainState;

/// <summary>
/// Writes a grain's state only if the stored etag is the one the writer read: a stale activation
/// (or a second copy of a grain during a membership change) cannot overwrite newer state.
/// </summary>
internal sealed class WriteStateOperation(string grainId, string stateName, string? expectedETag, byte[] body) : WriteOperation<string?>
{
    private const string InsertSql = """
        INSERT INTO grain_state (grain_id, state_name, etag, body) VALUES ($grain, $state, 1, $body)
        ON CONFLICT (grain_id, state_name) DO NOTHING RETURNING etag
        """;

    private const string UpdateSql = """
        UPDATE grain_state SET etag = etag + 1, body = $body
        WHERE grain_id = $grain AND state_name = $state AND etag = $etag RETURNING etag
        """;

    /// <summary>Returns the new etag, or null when the expected one no longer matches.</summary>
    protected override string? Run(WriterSession session)
    {
        var command = expectedETag is null
            ? session.Command(InsertSql, "$grain", "$state", "$body")
            : session.Command(UpdateSql, "$grain", "$state", "$body", "$etag");
        command.Parameters[0].Value = grainId;
        command.Parameters[1].Value = stateName;
        command.Parameters[2].Value = body;
        if (expectedETag is not null)
        {
            command.Parameters[3].Value = long.Parse(expectedETag, CultureInfo.InvariantCulture);
        }

        return command.ExecuteScalar() is long etag ? etag.ToString(CultureInfo.InvariantCulture) : null;
    }
}
