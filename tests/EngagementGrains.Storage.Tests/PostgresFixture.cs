using EngagementGrains.Storage.Postgres;
using EngagementGrains.Tests.Postgres;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Storage.Tests;

/// <summary>One private PostgreSQL server for the PostgreSQL store's tests; each test gets its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PrivatePostgres? _server;

    public PrivatePostgres Server => _server!;

    public async ValueTask InitializeAsync() => _server = await PrivatePostgres.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A new database with the schema applied, and the store's database object over it.</summary>
    public async Task<PostgresDatabase> NewDatabaseAsync(bool applySchema = true)
    {
        var connection = await Server.CreateDatabaseAsync("t" + Guid.NewGuid().ToString("N"), applySchema);
        return new PostgresDatabase(Options.Create(new PostgresStorageOptions { ConnectionString = connection }));
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
