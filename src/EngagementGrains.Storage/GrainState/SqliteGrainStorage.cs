using System.Globalization;
using EngagementGrains.Storage.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace EngagementGrains.Storage.GrainState;

/// <summary>
/// Orleans grain storage in the embedded database, as System.Text.Json (no type names in stored blobs),
/// written through the group-commit writer with an etag check on every write.
/// </summary>
public sealed class SqliteGrainStorage(SqliteDatabase database) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await database.OpenReadAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, body FROM grain_state WHERE grain_id = $grain AND state_name = $state";
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$state", stateName);
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
        var etag = await database.WriteAsync(new WriteStateOperation(grainId.ToString(), stateName, grainState.ETag, body));
        if (etag is null)
        {
            throw new InconsistentStateException(
                $"State '{stateName}' of {grainId} was written elsewhere since it was read (expected etag {grainState.ETag ?? "none"}).",
                "unknown", grainState.ETag ?? "none");
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await database.WriteAsync(new ClearStateOperation(grainId.ToString(), stateName));
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }
}
