using EngagementGrains.EndToEnd.Tests.Infrastructure;
using EngagementGrains.ModelTests.Running;

namespace EngagementGrains.ModelTests.Regressions;

/// <summary>An embedded Host with a domain clock the test moves, killed and restarted on its own data directory.</summary>
internal sealed class DefectHost : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("eg-defect-");
    private readonly string _data = HostProcess.NewDataDirectory();
    private readonly int _port = FreePort.Next();
    private HostProcess? _host;

    private DefectHost()
    {
        Clock = new ModelClock(Path.Combine(_directory.FullName, "clock"));
        Now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        Clock.Set(Now);
    }

    public ModelClock Clock { get; }

    public DateTimeOffset Now { get; private set; }

    public HttpClient Client { get; private set; } = null!;

    public HostProcess Process => _host!;

    public static async Task<DefectHost> StartAsync()
    {
        var host = new DefectHost();
        await host.RestartAsync();
        return host;
    }

    public void Advance(TimeSpan by)
    {
        Now += by;
        Clock.Set(Now);
    }

    /// <summary>SIGTERM: every activation writes its snapshot on the way out. Returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        var code = await _host!.TerminateAsync(TimeSpan.FromSeconds(60));
        await _host.DisposeAsync();
        _host = null;
        return code;
    }

    public async Task KillAsync()
    {
        await _host!.KillAsync();
        await _host.DisposeAsync();
        _host = null;
    }

    public async Task RestartAsync()
    {
        _host = await HostProcess.StartAsync(_data, httpPort: _port, environment: Clock.Environment);
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

        HostProcess.DeleteDataDirectory(_data);
        _directory.Delete(recursive: true);
    }
}
