using EngagementGrains.Core.Segments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EngagementGrains.Storage.Postgres;

/// <summary>
/// In a process that serves the change feed from PostgreSQL: holds one <c>LISTEN</c> connection and turns each
/// committed feed notification (sent by whichever silo wrote the change) into this process's segment signal.
/// While the connection is down the signal is marked unreliable, so streams poll briefly until it is back.
/// </summary>
public sealed partial class PostgresFeedListener : BackgroundService
{
    private readonly IOptions<PostgresStorageOptions> _options;
    private readonly SegmentFeedSignal _signal;
    private readonly ILogger<PostgresFeedListener> _logger;

    public PostgresFeedListener(IOptions<PostgresStorageOptions> options, SegmentFeedSignal signal, ILogger<PostgresFeedListener> logger)
    {
        (_options, _signal, _logger) = (options, signal, logger);

        // Until the first LISTEN holds, nothing from other processes is heard: streams poll briefly.
        signal.MarkUnreliable();
    }

    /// <summary>The notification channel; each payload is the name of a segment whose feed grew.</summary>
    public const string Channel = "eg_segment_changes";

    // An idle connection is pinged this often, so a server gone away is noticed without a notification.
    private static readonly TimeSpan s_idleCheck = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_longestRetry = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = s_firstRetry;
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ListeningConnectionString(_options.Value.ConnectionString));
                connection.Notification += (_, notification) => _signal.Raise(notification.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Wakes every stream once: a change committed while nobody listened is read now.
                _signal.MarkReliable();
                retry = s_firstRetry;
                if (lost)
                {
                    LogListening(_logger);
                    lost = false;
                }

                while (true)
                {
                    if (!await connection.WaitAsync(s_idleCheck, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                _signal.MarkUnreliable();
                if (!lost)
                {
                    LogLost(_logger, error);
                    lost = true;
                }
            }

            try
            {
                await Task.Delay(retry, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, s_longestRetry.Ticks));
        }
    }

    // Its own unpooled connection, held for good; a command that hangs on a dead server fails in seconds.
    private static string ListeningConnectionString(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 5, KeepAlive = 0 }.ConnectionString;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL connection that wakes change-feed streams; they poll until it is back")]
    private static partial void LogLost(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for change-feed commits on PostgreSQL again")]
    private static partial void LogListening(ILogger logger);
}
