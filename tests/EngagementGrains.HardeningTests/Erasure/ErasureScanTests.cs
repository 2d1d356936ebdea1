using EngagementGrains.EndToEnd.Tests.Infrastructure;
using EngagementGrains.Tests.Postgres;
using Microsoft.Data.Sqlite;

namespace EngagementGrains.HardeningTests.Erasure;

/// <summary>
/// After <c>DELETE /v1/profiles/{id}</c>, nothing of the person is left in either store: not in a table, not in
/// a row version PostgreSQL has not vacuumed, not in an index entry, not in a byte of the embedded database's
/// files (its write-ahead log and freed pages included). Another person's values, scanned the same way, are
/// found: the scan would see the erased person if anything were left.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class ErasureScanTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Nothing_of_an_erased_person_is_left_in_any_file_or_table_of_the_embedded_store()
    {
        var directory = HostProcess.NewDataDirectory();
        try
        {
            await using var host = await HostProcess.StartAsync(directory);
            using var client = host.Client();
            await ErasedPerson.DefineAsync(client);
            var erased = await ErasedPerson.SendAsync(client, "gone");
            var kept = await ErasedPerson.SendAsync(client, "kept");

            AssertEveryValueFound(erased, StoreScan.InFiles(directory, erased.Needles()));
            var answer = await erased.EraseAsync(client);
            Assert.Equal(2, answer.GetProperty("individuals").GetArrayLength());
            Assert.Equal(306, answer.GetProperty("events").GetInt32());
            Assert.Equal(5, answer.GetProperty("identities").GetInt32());

            var database = Path.Combine(directory, "engagement.db");
            var inFiles = StoreScan.InFiles(directory, erased.Needles());
            var inTables = await StoreScan.InSqliteTablesAsync(database, erased.Identifiers);
            var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToArray();
            output.WriteLine($"scanned {files.Length} files, {files.Sum(f => f.Length):N0} bytes ({string.Join(", ", files.Select(f => $"{f.Name} {f.Length:N0}"))}): " +
                $"{inFiles.Count} values of the erased person found, {inTables.Count} in tables");
            Assert.True(inFiles.Count == 0, "left in the files: " + string.Join("; ", inFiles));
            Assert.True(inTables.Count == 0, "left in the tables: " + string.Join("; ", inTables));
            AssertEveryValueFound(kept, StoreScan.InFiles(directory, kept.Needles()));

            // The individual ids are ours (random); they stay only in the exits published to the feed and the audit entry.
            foreach (var id in answer.GetProperty("individuals").EnumerateArray().Select(e => e.GetString()!))
            {
                Assert.Equal(0L, await ScalarAsync(database, $"SELECT (SELECT count(*) FROM events WHERE individual_id = '{id}' OR origin = '{id}') + (SELECT count(*) FROM wakeups WHERE individual_id = '{id}') + (SELECT count(*) FROM segment_members WHERE individual_id = '{id}') + (SELECT count(*) FROM segment_changes WHERE individual_id = '{id}' AND entered = 1)"));
                Assert.Equal(0L, await ScalarAsync(database, $"SELECT count(*) FROM grain_state WHERE state_name <> 'audit' AND (grain_id LIKE '%{id}%' OR CAST(body AS TEXT) LIKE '%{id}%')"));
            }
        }
        finally
        {
            HostProcess.DeleteDataDirectory(directory);
        }
    }

    [Fact]
    public async Task Nothing_of_an_erased_person_is_left_in_any_row_version_or_index_entry_of_postgresql()
    {
        await using var server = await PrivatePostgres.StartAsync();
        var connection = await server.CreateDatabaseAsync("erasure" + Guid.NewGuid().ToString("N")[..8]);
        await using var host = await HostProcess.StartAsync(arguments: ["--storage", "postgres", "--postgres", connection]);
        using var client = host.Client();
        await ErasedPerson.DefineAsync(client);
        var erased = await ErasedPerson.SendAsync(client, "gone");
        var kept = await ErasedPerson.SendAsync(client, "kept");

        AssertEveryValueFound(erased, await StoreScan.InPostgresAsync(connection, erased.Identifiers));
        var answer = await erased.EraseAsync(client);
        Assert.Equal(306, answer.GetProperty("events").GetInt32());

        var left = await StoreScan.InPostgresAsync(connection, erased.Identifiers);
        output.WriteLine($"{left.Count} values of the erased person found in row versions and index entries after the erasure");
        Assert.True(left.Count == 0, "left in PostgreSQL: " + string.Join("; ", left));
        AssertEveryValueFound(kept, await StoreScan.InPostgresAsync(connection, kept.Identifiers));
    }

    private static void AssertEveryValueFound(ErasedPerson person, List<string> found)
    {
        foreach (var value in person.Identifiers)
        {
            Assert.Contains(found, f => f.StartsWith(value + ":", StringComparison.Ordinal));
        }
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
