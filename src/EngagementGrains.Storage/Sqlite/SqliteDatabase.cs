using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Storage.Sqlite;

/// <summary>The embedded database: its schema, the single group-commit writer and pooled readers.</summary>
public sealed class SqliteDatabase : IAsyncDisposable, IStorageProbe, IErasureScrub
{
    /// <summary>The schema version this build writes; a newer file is refused rather than misread.</summary>
    public const int SchemaVersion = 2;

    private readonly string _readConnectionString;
    private readonly GroupCommitWriter _writer;

    public SqliteDatabase(IOptions<SqliteStorageOptions> options, ILogger<SqliteDatabase> logger)
    {
        var settings = options.Value;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(settings.DatabasePath)!);
        Path = settings.DatabasePath;
        var builder = new SqliteConnectionStringBuilder { DataSource = settings.DatabasePath, Pooling = true };
        _readConnectionString = new SqliteConnectionStringBuilder(builder.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ConnectionString;

        var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, $"PRAGMA synchronous={ValidSynchronous(settings.Synchronous)};");
        Execute(connection, $"PRAGMA cache_size={-settings.CacheSizeMiB * 1024};");
        Execute(connection, $"PRAGMA wal_autocheckpoint={settings.WalAutoCheckpointPages};");
        Execute(connection, "PRAGMA busy_timeout=5000;");
        // A deleted row's bytes are overwritten, in its page and in freed pages, so an erasure leaves nothing in the file.
        Execute(connection, "PRAGMA secure_delete=ON;");
        SqliteSchema.Apply(connection);
        _writer = new GroupCommitWriter(connection, settings.MaxOperationsPerCommit, logger);
    }

    /// <summary>The database file, for operators and logs.</summary>
    public string Path { get; }

    internal Task<T> WriteAsync<T>(WriteOperation<T> operation) => _writer.EnqueueAsync(operation);

    /// <summary>A pooled read-only connection; WAL lets reads run beside the writer.</summary>
    public async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Checks that the database answers (readiness).</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schema_version";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Empties the write-ahead log once every write queued before has committed.</summary>
    public Task ScrubAsync(CancellationToken cancellationToken = default) => WriteAsync(new ScrubOperation());

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static string ValidSynchronous(string value) =>
        value.ToUpperInvariant() switch
        {
            "FULL" => "FULL",
            "NORMAL" => "NORMAL",
            "EXTRA" => "EXTRA",
            _ => throw new InvalidOperationException(
                $"EngagementGrains:Storage:Synchronous must be FULL, NORMAL or EXTRA, not '{value}'."),
        };

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
