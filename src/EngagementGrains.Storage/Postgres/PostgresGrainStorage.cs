using System.Globalization;
using EngagementGrains.Storage.GrainState;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace EngagementGrains.Storage.Postgres;

/// <summary>
/// Orleans grain storage in PostgreSQL, as System.Text.Json like the embedded store. Every write names
/// the etag it read, so a stale second activation of a grain cannot overwrite newer state. A grain's row is in
/// the partition of its key (an individual's snapshot beside its events).
/// </summary>
public sealed class PostgresGrainStorage(PostgresDatabase database) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var command = database.Partitions.Of(grainId.Key.ToString()).CreateCommand("SELECT etag, body FROM eg_grain_state WHERE grain_id = $1 AND state_name = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = grainId.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = stateName });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            GrainStateJson.Load(grainState, null, 0);
            return;
        }

        GrainStateJson.Load(grainState, (byte[])reader.GetValue(1), reader.GetInt64(0));
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var body = GrainStateJson.Serialize(grainState.State);
        await using var command = grainState.ETag is null
            ? database.Partitions.Of(grainId.Key.ToString()).CreateCommand("""
                INSERT INTO eg_grain_state (grain_id, state_name, etag, body) VALUES ($1, $2, 1, $3)
                ON CONFLICT (grain_id, state_name) DO NOTHING RETURNING etag
                """)
            : database.Partitions.Of(grainId.Key.ToString()).CreateCommand("""
                UPDATE eg_grain_state SET etag = etag + 1, body = $3
                WHERE grain_id = $1 AND state_name = $2 AND etag = $4 RETURNING etag
                """);
        command.Parameters.Add(new NpgsqlParameter { Value = grainId.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = stateName });
        command.Parameters.Add(new NpgsqlParameter { Value = body });
        if (grainState.ETag is { } etag)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = long.Parse(etag, CultureInfo.InvariantCulture) });
        }

        if (await command.ExecuteScalarAsync() is not long written)
        {
            throw new InconsistentStateException(
                $"State '{stateName}' of {grainId} was written elsewhere since it was read (expected etag {grainState.ETag ?? "none"}).",
                "unknown", grainState.ETag ?? "none");
        }

        grainState.ETag = written.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var command = database.Partitions.Of(grainId.Key.ToString()).CreateCommand("DELETE FROM eg_grain_state WHERE grain_id = $1 AND state_name = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = grainId.ToString() });
        command.Parameters.Add(new NpgsqlParameter { Value = stateName });
        await command.ExecuteNonQueryAsync();
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }
}
