using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.HardeningTests.Limits;

/// <summary>One Host with every limit set low enough for a test to cross it in a moment.</summary>
public sealed class LimitedHostFixture : IAsyncLifetime
{
    public const int RequestsPerSecond = 20;
    public const int EventsPerSecond = 30;
    public const int StreamsPerKey = 2;
    public const int MaxHeaderBytes = 4096;
    public const int MaxMeasures = 2;
    public const int MaxAttributes = 5;
    public const int MaxAttributeDepth = 3;
    public const int MaxStringLength = 100;

    private HostProcess? _host;

    internal HostProcess Host => _host ?? throw new InvalidOperationException("The Host is not started.");

    public async ValueTask InitializeAsync() => _host = await HostProcess.StartAsync(environment: new Dictionary<string, string>
    {
        ["EngagementGrains__Limits__RequestsPerSecond"] = $"{RequestsPerSecond}",
        ["EngagementGrains__Limits__RequestBurst"] = $"{RequestsPerSecond}",
        ["EngagementGrains__Limits__EventsPerSecond"] = $"{EventsPerSecond}",
        ["EngagementGrains__Limits__EventBurst"] = $"{EventsPerSecond}",
        ["EngagementGrains__Limits__StreamsPerKey"] = $"{StreamsPerKey}",
        ["EngagementGrains__Limits__MaxHeaderBytes"] = $"{MaxHeaderBytes}",
        ["EngagementGrains__Limits__MaxMeasures"] = $"{MaxMeasures}",
        ["EngagementGrains__Limits__MaxAttributes"] = $"{MaxAttributes}",
        ["EngagementGrains__Limits__MaxAttributeDepth"] = $"{MaxAttributeDepth}",
        ["EngagementGrains__Limits__MaxStringLength"] = $"{MaxStringLength}",
        ["Kestrel__Limits__RequestHeadersTimeout"] = "00:00:02",
    });

    /// <summary>A new key with the scopes; the admin's calls wait out their own 429s, as a patient client does.</summary>
    internal async Task<string> NewKeyAsync(params string[] scopes)
    {
        using var admin = Host.Client();
        using var response = await SendPatientlyAsync(() => admin.PostAsJsonAsync(new Uri("/v1/keys", UriKind.Relative), new { scopes }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadObjectAsync())["key"]!;
    }

    internal static async Task<HttpResponseMessage> SendPatientlyAsync(Func<Task<HttpResponseMessage>> send)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.TooManyRequests || DateTime.UtcNow > deadline)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    internal static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
