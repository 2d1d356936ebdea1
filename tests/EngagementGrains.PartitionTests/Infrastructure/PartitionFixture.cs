using EngagementGrains.EndToEnd.Tests.Infrastructure;
using EngagementGrains.Tests.Postgres;

namespace EngagementGrains.PartitionTests.Infrastructure;

/// <summary>
/// The test network for the partition tests: PostgreSQL on a host of its own, a second PostgreSQL for a cluster
/// whose log is partitioned over both, three silo hosts and a gateway host. Each test starts its own cluster on a
/// new database and heals every cut it made.
/// </summary>
public sealed class PartitionFixture : IAsyncLifetime
{
    private TestNetwork? _network;
    private PrivatePostgres? _server;
    private PrivatePostgres? _logServer;

    internal TestNetwork Network => _network!;

    internal PrivatePostgres Server => _server!;

    internal NetworkHost Database { get; private set; } = null!;

    /// <summary>The second server, which holds a log partition when a test asks for one.</summary>
    internal PrivatePostgres LogServer => _logServer!;

    internal NetworkHost LogDatabase { get; private set; } = null!;

    internal NetworkHost Gateway { get; private set; } = null!;

    internal IReadOnlyList<NetworkHost> Silos { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        if (TestNetwork.Unavailable is not null)
        {
            return;
        }

        _network = await TestNetwork.CreateAsync();
        Database = await _network.AddHostAsync("pg");
        LogDatabase = await _network.AddHostAsync("pg2");
        Gateway = await _network.AddHostAsync("gw");
        Silos = [await _network.AddHostAsync("s1"), await _network.AddHostAsync("s2"), await _network.AddHostAsync("s3")];
        _server = await PrivatePostgres.StartInNamespaceAsync(RepositoryPaths.Root, Database.Namespace, Database.Address);
        _logServer = await PrivatePostgres.StartInNamespaceAsync(RepositoryPaths.Root, LogDatabase.Namespace, LogDatabase.Address);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_logServer is not null)
        {
            await _logServer.DisposeAsync();
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
        }
    }
}
