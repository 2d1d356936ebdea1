using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>An operator names the origins whose pages may send, and a dashboard's origin that may read.</summary>
public sealed class CorsConfigurationTests
{
    [Fact]
    public async Task Configured_origins_narrow_who_may_send_and_name_who_may_read()
    {
        await using var host = await HostProcess.StartAsync(environment: new Dictionary<string, string>
        {
            ["EngagementGrains__Cors__IngestOrigins"] = "http://shop.example, http://www.shop.example",
            ["EngagementGrains__Cors__ReadOrigins"] = "http://dashboard.example",
        });
        using var anonymous = host.Client(key: null);

        Assert.Equal("http://www.shop.example", await AllowedOriginAsync(anonymous, "/v1/t", "POST", "http://www.shop.example"));
        Assert.Null(await AllowedOriginAsync(anonymous, "/v1/t", "POST", "http://elsewhere.example"));
        Assert.Null(await AllowedOriginAsync(anonymous, "/v1/events", "POST", "http://dashboard.example"));
        Assert.Equal("http://dashboard.example", await AllowedOriginAsync(anonymous, "/v1/profiles/lookup", "GET", "http://dashboard.example"));
        Assert.Null(await AllowedOriginAsync(anonymous, "/v1/profiles/lookup", "GET", "http://shop.example"));
    }

    private static async Task<string?> AllowedOriginAsync(HttpClient client, string route, string method, string origin)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, route);
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", method);
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var answer = await client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        return answer.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed) ? allowed.Single() : null;
    }
}
