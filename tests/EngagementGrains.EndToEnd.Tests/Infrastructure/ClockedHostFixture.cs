namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One Host on a clock file the tests move forward (each test starts where the last left it), with webhook
/// delivery shrunk to test speed: short polls and retry delays, a 3-s attempt timeout.
/// </summary>
public sealed class ClockedHostFixture : IAsyncLifetime
{
    private readonly ClockFile _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private HostProcess? _host;

    public DateTimeOffset Now => _clock.Now;

    internal HostProcess Host => _host ?? throw new InvalidOperationException("The Host is not started.");

    /// <summary>The delivery settings of a test Host, as environment variables.</summary>
    internal static Dictionary<string, string> FastDelivery() => new()
    {
        ["EngagementGrains__Destinations__PollInterval"] = "00:00:00.100",
        ["EngagementGrains__Destinations__IdlePollInterval"] = "00:00:00.200",
        ["EngagementGrains__Destinations__KeepAliveInterval"] = "00:00:01",
        ["EngagementGrains__Destinations__FirstRetryDelay"] = "00:00:00.100",
        ["EngagementGrains__Destinations__LongestRetryDelay"] = "00:00:00.400",
        ["EngagementGrains__Destinations__AttemptTimeout"] = "00:00:03",
    };

    public async ValueTask InitializeAsync()
    {
        var environment = FastDelivery();
        foreach (var (name, value) in _clock.Environment)
        {
            environment[name] = value;
        }

        _host = await HostProcess.StartAsync(environment: environment);
    }

    /// <summary>Moves the Host's clock forward.</summary>
    public void Advance(TimeSpan by) => _clock.Advance(by);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _clock.Dispose();
    }
}
