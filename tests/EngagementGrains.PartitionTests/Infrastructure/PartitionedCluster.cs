using EngagementGrains.Tests.Postgres;
using Npgsql;

namespace EngagementGrains.PartitionTests.Infrastructure;

/// <summary>
/// A cluster on the test network: a silo on each silo host and an HTTP gateway on the gateway host, sharing a
/// new database of the PostgreSQL on its own host. Failure detection is the product's shipped setting: what
/// an operator gets is what is partitioned. A silo keeps its address and ports when started again.
/// </summary>
internal sealed class PartitionedCluster : IAsyncDisposable
{
    private const string SiloPort = "11111";
    private const string GatewayPort = "30000";

    private readonly IReadOnlyList<NetworkHost> _siloHosts;
    private readonly NetworkHost _gatewayHost;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "egp-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly NamespacedHost?[] _silos;
    private readonly string _processConnectionString;

    private readonly IReadOnlyDictionary<string, string> _environment;

    private PartitionedCluster(PrivatePostgres server, string database, IReadOnlyList<NetworkHost> siloHosts, NetworkHost gatewayHost, IReadOnlyDictionary<string, string> environment)
    {
        _environment = environment;
        _siloHosts = siloHosts;
        _gatewayHost = gatewayHost;
        _silos = new NamespacedHost?[siloHosts.Count];
        ClusterId = database;
        ConnectionString = server.ConnectionString(database);
        _processConnectionString = server.ConnectionString(database, server.ListenAddress);
        Directory.CreateDirectory(_directory);
    }

    public string ClusterId { get; }

    /// <summary>The database as the tests reach it (its Unix socket).</summary>
    public string ConnectionString { get; }

    public NamespacedHost Gateway { get; private set; } = null!;

    /// <summary>The databases holding the log as the tests reach them: the main one, then the partition's if any.</summary>
    public IReadOnlyList<string> LogDatabases { get; private init; } = [];

    /// <summary>Starts the cluster; with <paramref name="logPartition"/>, its individuals' log is partitioned over the main server and that one.</summary>
    public static async Task<PartitionedCluster> StartAsync(PrivatePostgres server, IReadOnlyList<NetworkHost> siloHosts, NetworkHost gatewayHost,
        IReadOnlyDictionary<string, string>? environment = null, PrivatePostgres? logPartition = null)
    {
        var database = "p" + Guid.NewGuid().ToString("N");
        await server.CreateDatabaseAsync(database);
        var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        List<string> logDatabases = [server.ConnectionString(database)];
        if (logPartition is not null)
        {
            await logPartition.CreateDatabaseAsync(database);
            settings["EngagementGrains__Postgres__LogPartitions__0"] = logPartition.ConnectionString(database, logPartition.ListenAddress);
            logDatabases.Add(logPartition.ConnectionString(database));
        }

        var cluster = new PartitionedCluster(server, database, siloHosts, gatewayHost, settings) { LogDatabases = logDatabases };
        try
        {
            await Task.WhenAll(Enumerable.Range(0, siloHosts.Count).Select(cluster.StartSiloAsync));
            cluster.Gateway = await NamespacedHost.StartAsync(gatewayHost, Path.Combine(cluster._directory, "gateway.sock"), Path.Combine(cluster._directory, "gateway"),
                ["--role", "gateway", "--storage", "postgres", "--postgres", cluster._processConnectionString, "--cluster-id", cluster.ClusterId], cluster._environment);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client() => Gateway.Client();

    public bool IsRunning(int silo) => _silos[silo] is { HasExited: false };

    /// <summary>Starts the silo of a host (again), on the host's address and the same ports.</summary>
    public async Task StartSiloAsync(int silo)
    {
        var host = _siloHosts[silo];
        _silos[silo] = await NamespacedHost.StartAsync(host, Path.Combine(_directory, host.Name + ".sock"), Path.Combine(_directory, host.Name),
        [
            "--role", "silo", "--storage", "postgres", "--postgres", _processConnectionString, "--cluster-id", ClusterId,
            "--advertise", host.Address, "--silo-port", SiloPort, "--gateway-port", GatewayPort,
        ], _environment);
    }

    /// <summary>SIGKILL of a silo (a no-op for one that has already exited).</summary>
    public async Task KillSiloAsync(int silo)
    {
        if (_silos[silo] is { } process)
        {
            await process.DisposeAsync();
            _silos[silo] = null;
        }
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The rows a query answers in the main database, or in <paramref name="database"/> (one of <see cref="LogDatabases"/>).</summary>
    public async Task<List<object[]>> RowsAsync(string sql, string? database = null)
    {
        await using var connection = new NpgsqlConnection(database ?? ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        for (var silo = 0; silo < _silos.Length; silo++)
        {
            await KillSiloAsync(silo);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a process on its way out; the temporary directory is cleaned by the system.
        }
    }
}
