using EngagementGrains.Storage.GrainState;
using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.Identity;

/// <summary>Legacy identity rows of the embedded store: a hashed grain id has no <c>:</c>, a legacy one has.</summary>
public sealed class SqliteLegacyIdentityKeys(SqliteDatabase database) : ILegacyIdentityKeys
{
    private const string Prefix = "identity/";

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_id FROM grain_state WHERE state_name = 'identity' AND grain_id LIKE 'identity/%:%'";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0)[Prefix.Length..]);
        }

        return keys;
    }

    public Task RemoveAsync(string key, CancellationToken cancellationToken) =>
        database.WriteAsync(new ClearStateOperation(Prefix + key, "identity"));
}
