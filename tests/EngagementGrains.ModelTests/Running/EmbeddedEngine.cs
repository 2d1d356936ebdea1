using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.ModelTests.Running;

/// <summary>The embedded Host as a process with its own data directory, killed and restarted on the same port.</summary>
public sealed class EmbeddedEngine : IModelEngine
{
    private readonly string _dataDirectory = HostProcess.NewDataDirectory();
    private readonly int _port = FreePort.Next();
    private readonly ModelClock _clock;
    private HostProcess? _host;

    private EmbeddedEngine(ModelClock clock) => _clock = clock;

    public HttpClient Client { get; private set; } = null!;

    public HttpClient NewClient() => _host!.Client();

    /// <summary>The running Host process (for a client with another key).</summary>
    internal HostProcess Process => _host!;

    /// <summary>SIGTERM: every activation writes its snapshot on the way out. Returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        var code = await _host!.TerminateAsync(TimeSpan.FromSeconds(60));
        await _host.DisposeAsync();
        _host = null;
        return code;
    }

    public TimeSpan RecoveryDeadline => TimeSpan.FromSeconds(30);

    public static async Task<EmbeddedEngine> StartAsync(ModelClock clock)
    {
        var engine = new EmbeddedEngine(clock);
        await engine.RestartAsync(0);
        return engine;
    }

    public async Task CrashAsync(int silo, Func<Task> whileDown)
    {
        await KillAsync(silo);
        await whileDown();
        await RestartAsync(silo);
    }

    public async Task KillAsync(int silo)
    {
        if (_host is not null)
        {
            await _host.KillAsync();
            await _host.DisposeAsync();
            _host = null;
        }
    }

    public async Task RestartAsync(int silo)
    {
        _host = await HostProcess.StartAsync(_dataDirectory, httpPort: _port, environment: _clock.Environment);
        Client?.Dispose();
        Client = _host.Client();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        HostProcess.DeleteDataDirectory(_dataDirectory);
    }
}
