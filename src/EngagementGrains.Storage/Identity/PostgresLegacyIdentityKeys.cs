using EngagementGrains.Storage.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace EngagementGrains.Storage.Identity;

/// <summary>
/// Legacy identity rows in Orleans' ADO.NET storage, which keeps a string key in <c>grainidextensionstring</c>
/// (a hashed key has no <c>:</c>, a legacy one has) and a cleared state as a row without payload: an erased
/// contact point's row is listed too, and deleted.
/// </summary>
public sealed class PostgresLegacyIdentityKeys(PostgresDatabase database, IOptions<ClusterOptions> cluster) : ILegacyIdentityKeys
{
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT grainidextensionstring FROM orleansstorage
            WHERE serviceid = $1 AND graintypestring = 'identity' AND grainidextensionstring LIKE '%:%'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            DELETE FROM orleansstorage WHERE serviceid = $1 AND graintypestring = 'identity' AND grainidextensionstring = $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
