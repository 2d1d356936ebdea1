using EngagementGrains.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Storage.Tests;

/// <summary>The server plans our repeated statements once per connection, unless the operator's connection string says otherwise.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPreparedStatementTests(PostgresFixture fixture)
{
    [Fact]
    public async Task A_statement_used_repeatedly_on_a_connection_is_prepared_on_the_server()
    {
        await using var database = await fixture.NewDatabaseAsync();

        Assert.True(await PreparedAfterRepeatsAsync(database) > 0);
    }

    [Fact]
    public async Task A_connection_string_that_turns_preparing_off_is_obeyed()
    {
        await using var prepared = await fixture.NewDatabaseAsync();
        var connection = prepared.DataSource.ConnectionString.Replace("Max Auto Prepare=32", "", StringComparison.OrdinalIgnoreCase);
        await using var database = new PostgresDatabase(Options.Create(new PostgresStorageOptions { ConnectionString = connection + ";Max Auto Prepare=0" }));

        Assert.Equal(0, await PreparedAfterRepeatsAsync(database));
    }

    [Fact]
    public async Task A_prepared_statement_is_planned_for_each_calls_values_not_for_the_table_it_was_prepared_on()
    {
        await using var database = await fixture.NewDatabaseAsync();
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var mode = connection.CreateCommand();
        mode.CommandText = "SHOW plan_cache_mode";

        Assert.Equal("force_custom_plan", await mode.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<long> PreparedAfterRepeatsAsync(PostgresDatabase database)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellation);
        for (var i = 0; i < 10; i++)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM eg_events WHERE individual_id = $1";
            count.Parameters.Add(new Npgsql.NpgsqlParameter { Value = "ind-1" });
            await count.ExecuteScalarAsync(cancellation);
        }

        await using var prepared = connection.CreateCommand();
        prepared.CommandText = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%eg_events WHERE individual_id%'";
        return (long)(await prepared.ExecuteScalarAsync(cancellation))!;
    }
}
