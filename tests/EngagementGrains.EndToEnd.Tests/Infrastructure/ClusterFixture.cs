using EngagementGrains.Tests.Postgres;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>One private PostgreSQL server for the cluster tests; each test starts its own cluster and database.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private PrivatePostgres? _server;

    internal PrivatePostgres Server => _server!;

    public async ValueTask InitializeAsync() => _server = await PrivatePostgres.StartAsync(RepositoryPaths.Root);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

// The cluster tests start several processes each: they run alone, not beside the other end-to-end tests.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
