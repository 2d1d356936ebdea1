using System.Globalization;
using EngagementGrains.Tests.Postgres;
using Npgsql;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A cluster of real processes on loopback: silos (<c>--role silo</c>) and one HTTP gateway
/// (<c>--role gateway</c>) sharing a private PostgreSQL for storage and membership. A silo slot keeps its
/// ports, so a restarted silo comes back as a new generation of the same address, as on a real machine.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    // Dead silos are noticed in seconds, not Orleans' production minute, so the tests stay short.
    private static readonly Dictionary<string, string> s_fastMembership = new()
    {
        ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
        ["Orleans__Membership__NumMissedProbesLimit"] = "2",
        ["Orleans__Membership__NumVotesForDeathDeclaration"] = "1",
        ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        ["Orleans__Gateway__GatewayListRefreshPeriod"] = "00:00:01",
    };

    private readonly List<Slot> _slots = [];
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private readonly bool _keepEveryLine;

    private LocalCluster(PrivatePostgres server, string connectionString, string clusterId, IReadOnlyDictionary<string, string>? environment = null, bool productDefaults = false, bool keepEveryLine = false)
    {
        _keepEveryLine = keepEveryLine;
        if (!productDefaults)
        {
            foreach (var (name, value) in s_fastMembership)
            {
                _environment[name] = value;
            }
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            _environment[name] = value;
        }

        Server = server;
        ConnectionString = connectionString;
        ClusterId = clusterId;
    }

    public PrivatePostgres Server { get; }

    public string ConnectionString { get; }

    public string ClusterId { get; }

    public HostProcess Gateway { get; private set; } = null!;

    public int SiloCount => _slots.Count;

    /// <summary>Starts a cluster on a new database; <paramref name="environment"/> is given to every process (a clock file, say).</summary>
    /// <remarks>With <paramref name="productDefaults"/> the processes detect failures as shipped, not with the tests' shorter settings;
    /// with <paramref name="keepEveryLine"/> each process keeps its whole console (spans to scan); with <paramref name="logPartitions"/>
    /// the individuals' rows are partitioned over a new database on each of those servers besides the main one.</remarks>
    public static async Task<LocalCluster> StartAsync(PrivatePostgres server, int silos, IReadOnlyDictionary<string, string>? environment = null, bool productDefaults = false, bool keepEveryLine = false,
        IReadOnlyList<PrivatePostgres>? logPartitions = null)
    {
        var database = "c" + Guid.NewGuid().ToString("N");
        var partitions = new List<string>();
        var withPartitions = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        foreach (var partitionServer in logPartitions ?? [])
        {
            var partition = await partitionServer.CreateDatabaseAsync($"{database}p{partitions.Count + 1}");
            withPartitions[$"EngagementGrains__Postgres__LogPartitions__{partitions.Count}"] = partition;
            partitions.Add(partition);
        }

        var cluster = new LocalCluster(server, await server.CreateDatabaseAsync(database), database, withPartitions, productDefaults, keepEveryLine) { LogPartitions = partitions };
        return await cluster.StartProcessesAsync(silos);
    }

    /// <summary>The connection strings of the databases besides the main one that individuals' rows are partitioned over.</summary>
    public IReadOnlyList<string> LogPartitions { get; private init; } = [];

    /// <summary>A second cluster on the same database (another cluster id): its grains are second activations.</summary>
    public static async Task<LocalCluster> StartOnAsync(LocalCluster other, int silos)
    {
        return await new LocalCluster(other.Server, other.ConnectionString, other.ClusterId + "-b").StartProcessesAsync(silos);
    }

    public HttpClient Client(string? key = HostProcess.AdminKey) => Gateway.Client(key);

    public int SiloPort(int index) => _slots[index].SiloPort;

    /// <summary>A running silo's process (its HTTP port answers /healthz and /readyz).</summary>
    public HostProcess Silo(int index) => _slots[index].Process!;

    /// <summary>The console of a running silo.</summary>
    public IReadOnlyList<string> SiloLines(int index) => _slots[index].Process?.Lines ?? [];

    /// <summary>The consoles of a slot's silos stopped with SIGTERM, then the running one's, for a failure's message.</summary>
    public IEnumerable<string> SiloLinesSinceStart(int index) => _slots[index].EarlierLines.Concat(SiloLines(index));

    /// <summary>Starts one more silo; returns its slot.</summary>
    public async Task<int> AddSiloAsync()
    {
        var slot = new Slot(FreePort.Next(), FreePort.Next(), FreePort.Next());
        int index;
        lock (_slots)
        {
            _slots.Add(slot);
            index = _slots.Count - 1;
        }

        await StartSiloAsync(index);
        return index;
    }

    /// <summary>Starts the silo of a slot (again), on the slot's ports.</summary>
    public async Task StartSiloAsync(int index)
    {
        var slot = _slots[index];
        slot.Process = await HostProcess.StartAsync(adminKey: HostProcess.AdminKey, httpPort: slot.HttpPort, arguments:
        [
            "--role", "silo", "--storage", "postgres", "--postgres", ConnectionString, "--cluster-id", ClusterId,
            "--silo-port", slot.SiloPort.ToString(CultureInfo.InvariantCulture),
            "--gateway-port", slot.GatewayPort.ToString(CultureInfo.InvariantCulture),
        ], environment: _environment, keepEveryLine: _keepEveryLine);
    }

    /// <summary>SIGKILL of one silo, as a machine lost.</summary>
    public async Task KillSiloAsync(int index)
    {
        if (_slots[index].Process is { } process)
        {
            await process.KillAsync();
            await process.DisposeAsync();
            _slots[index].Process = null;
        }
    }

    /// <summary>SIGTERM of one silo, as an orchestrator scaling down: it hands its grains over and exits.</summary>
    public async Task<int> StopSiloAsync(int index)
    {
        var process = _slots[index].Process!;
        var code = await process.TerminateAsync(TimeSpan.FromSeconds(60));
        await process.DisposeAsync();
        _slots[index].EarlierLines.AddRange(process.Lines);
        _slots[index].Process = null;
        return code;
    }

    public bool IsRunning(int index) => _slots[index].Process is { HasExited: false };

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The rows a query answers in the main database, or in <paramref name="database"/> (a log partition's connection string).</summary>
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

        foreach (var slot in _slots)
        {
            if (slot.Process is { } process)
            {
                await process.DisposeAsync();
            }
        }
    }

    private async Task<LocalCluster> StartProcessesAsync(int silos)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => AddSiloAsync()));
            Gateway = await StartGatewayAsync();
            return this;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private Task<HostProcess> StartGatewayAsync() =>
        HostProcess.StartAsync(adminKey: HostProcess.AdminKey, arguments:
        [
            "--role", "gateway", "--storage", "postgres", "--postgres", ConnectionString, "--cluster-id", ClusterId,
        ], environment: _environment, keepEveryLine: _keepEveryLine);

    private sealed class Slot(int siloPort, int gatewayPort, int httpPort)
    {
        public int SiloPort { get; } = siloPort;

        public int GatewayPort { get; } = gatewayPort;

        public int HttpPort { get; } = httpPort;

        public HostProcess? Process { get; set; }

        public List<string> EarlierLines { get; } = [];
    }
}
