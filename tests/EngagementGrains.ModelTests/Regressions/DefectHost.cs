using EngagementGrains.EndToEnd.Tests.Infrastructure;
using EngagementGrains.ModelTests.Running;

namespace EngagementGrains.ModelTests.Regressions;

/// <summary>The model test's embedded engine with a domain clock of its own, which a defect test moves.</summary>
internal sealed class DefectHost : IAsyncDisposable
{
    private readonly DirectoryInfo _directory;
    private readonly EmbeddedEngine _engine;

    private DefectHost(DirectoryInfo directory, ModelClock clock, EmbeddedEngine engine)
    {
        (_directory, Clock, _engine) = (directory, clock, engine);
        Now = ModelRun.Start;
    }

    public ModelClock Clock { get; }

    public DateTimeOffset Now { get; private set; }

    public HttpClient Client => _engine.Client;

    public HostProcess Process => _engine.Process;

    public static async Task<DefectHost> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("eg-defect-");
        var clock = new ModelClock(Path.Combine(directory.FullName, "clock"));
        clock.Set(ModelRun.Start);
        return new DefectHost(directory, clock, await EmbeddedEngine.StartAsync(clock));
    }

    public void Advance(TimeSpan by)
    {
        Now += by;
        Clock.Set(Now);
    }

    /// <summary>SIGTERM: every activation writes its snapshot on the way out. Returns the exit code.</summary>
    public Task<int> StopAsync() => _engine.StopAsync();

    public Task KillAsync() => _engine.KillAsync(0);

    public Task RestartAsync() => _engine.RestartAsync(0);

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
