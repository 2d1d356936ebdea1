using System.IO.Hashing;
using System.Text;
using Npgsql;

namespace EngagementGrains.Storage.Postgres;

/// <summary>
/// The databases an individual's own rows (events, wake-up, snapshot) are partitioned over: the main database
/// first, then <see cref="PostgresStorageOptions.LogPartitions"/>. Each individual lives in exactly one, chosen by
/// a stable hash of its id, so everything written for it in one transaction stays in one database.
/// </summary>
public sealed class PostgresPartitions : IAsyncDisposable
{
    // Not the wake-up shards' seed: a partition then holds individuals of every shard, and each shard's poll
    // finds work in every partition rather than in one.
    private const uint Seed = 0x4547_5054; // "EGPT"

    private readonly NpgsqlDataSource[] _sources;
    private readonly NpgsqlDataSource[] _probes;

    public PostgresPartitions(PostgresStorageOptions options)
    {
        var connections = new[] { options.ConnectionString }.Concat(options.LogPartitions).Select(c => PostgresDatabase.WithPoolLimit(options, c)).ToArray();
        _sources = connections.Select(NpgsqlDataSource.Create).ToArray();

        // Pings go over a connection of their own: on a busy silo every pooled connection can be taken by writes,
        // and a ping queued behind them would call a reachable server unreachable (and take the silo out).
        _probes = connections.Select(c => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(c) { MaxPoolSize = 1, MinPoolSize = 0 }.ConnectionString)).ToArray();
    }

    /// <summary>How many databases; 1 when the log is not partitioned.</summary>
    public int Count => _sources.Length;

    /// <summary>Every partition's data source, the main database's first.</summary>
    public IReadOnlyList<NpgsqlDataSource> All => _sources;

    /// <summary>The main database: memberships, feeds, Orleans' tables, and partition 0 of the log.</summary>
    public NpgsqlDataSource Main => _sources[0];

    /// <summary>The data source holding this individual's rows.</summary>
    public NpgsqlDataSource Of(string individualId) => _sources[PositionOf(individualId, _sources.Length)];

    /// <summary>The partition of an individual among <paramref name="count"/>: the same in every process and release.</summary>
    public static int PositionOf(string individualId, int count) =>
        count == 1 ? 0 : (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(individualId), unchecked((int)Seed)) % (uint)count);

    /// <summary>A one-connection source per partition for health pings.</summary>
    public IReadOnlyList<NpgsqlDataSource> Probes => _probes;

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Concat(_probes))
        {
            await source.DisposeAsync();
        }
    }
}
