using EngagementGrains.EndToEnd.Tests.Infrastructure;
using EngagementGrains.Tests.Postgres;

namespace EngagementGrains.ModelTests.Running;

/// <summary>
/// Two silos and an HTTP gateway on a private PostgreSQL, individuals partitioned over two of its databases (so
/// merges, splits and erasures across partitions meet the reference too); a crash is kill -9 of one silo.
/// </summary>
public sealed class ClusterEngine : IModelEngine
{
    private readonly LocalCluster _cluster;

    private ClusterEngine(LocalCluster cluster)
    {
        _cluster = cluster;
        Client = cluster.Client();
        Client.Timeout = TimeSpan.FromSeconds(20);
    }

    public HttpClient Client { get; }

    public HttpClient NewClient() => _cluster.Client();

    public TimeSpan RecoveryDeadline => TimeSpan.FromSeconds(60);

    public static async Task<ClusterEngine> StartAsync(PrivatePostgres server, ModelClock clock) =>
        new(await LocalCluster.StartAsync(server, 2, clock.Environment, logPartitions: [server]));

    public async Task CrashAsync(int silo, Func<Task> whileDown)
    {
        await KillAsync(silo);
        await whileDown();
        await RestartAsync(silo);
    }

    public Task KillAsync(int silo) => _cluster.KillSiloAsync(silo % _cluster.SiloCount);

    public Task RestartAsync(int silo) => _cluster.StartSiloAsync(silo % _cluster.SiloCount);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _cluster.DisposeAsync();
    }
}
