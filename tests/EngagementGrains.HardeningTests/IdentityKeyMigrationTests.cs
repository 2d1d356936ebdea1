using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace EngagementGrains.HardeningTests;

/// <summary>
/// A database written by a build that keyed identity grains by the contact point: after the upgrade the
/// contact point still finds its individual, and no row names it any more.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class IdentityKeyMigrationTests
{
    [Fact]
    public async Task A_contact_point_stored_under_its_own_name_is_moved_to_its_hashed_grain_on_start()
    {
        var email = $"legacy{Guid.NewGuid():N}@example.com";
        var directory = HostProcess.NewDataDirectory();
        try
        {
            string individual;
            await using (var first = await HostProcess.StartAsync(directory))
            {
                using var client = first.Client();
                var at = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                using var sent = await client.PostEventsAsync($$$"""{"eventId":"e-1","type":"EmailOpened","occurredAt":"{{{at}}}","identities":{"email":"{{{email}}}"}}""");
                Assert.True(sent.StatusCode == HttpStatusCode.Accepted, await sent.Content.ReadAsStringAsync());
                individual = (string)(await client.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(email)}"))["individualId"]!;
                await first.KillAsync();
            }

            // The row as the earlier build wrote it: the same state, under the contact point's own name.
            Assert.Equal(1, await ExecuteAsync(directory, $"UPDATE grain_state SET grain_id = 'identity/email:{email}' WHERE state_name = 'identity' AND grain_id LIKE 'identity/email#%'"));

            await using var upgraded = await HostProcess.StartAsync(directory);
            using var reader = upgraded.Client();
            var found = await reader.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(email)}");
            Assert.Equal(individual, (string)found["individualId"]!);
            Assert.Equal(0L, await ScalarAsync(directory, "SELECT count(*) FROM grain_state WHERE grain_id LIKE 'identity/%:%'"));
            Assert.Equal(1L, await ScalarAsync(directory, "SELECT count(*) FROM grain_state WHERE grain_id LIKE 'identity/email#%'"));
        }
        finally
        {
            HostProcess.DeleteDataDirectory(directory);
        }
    }

    private static async Task<int> ExecuteAsync(string directory, string sql)
    {
        await using var connection = Open(directory);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string directory, string sql)
    {
        await using var connection = Open(directory);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static SqliteConnection Open(string directory) =>
        new(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "engagement.db"), Pooling = false }.ConnectionString);
}
