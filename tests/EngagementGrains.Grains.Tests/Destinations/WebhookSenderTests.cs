using System.Net;
using System.Net.Sockets;
using EngagementGrains.Core.Destinations;
using EngagementGrains.Grains.Destinations;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Grains.Tests.Destinations;

/// <summary>
/// The delivery-time address check, on the real sender: whatever the URL was when it was saved, each connection
/// checks the addresses it is about to connect to.
/// </summary>
public sealed class WebhookSenderTests
{
    private static readonly string[] s_secrets = [WebhookSignature.NewSecret()];

    [Theory]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://192.168.7.7:8443/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[fd00::1]/hook")]
    public async Task A_private_address_is_refused_at_connection_time_without_connecting(string url)
    {
        using var sender = new WebhookSender(Options.Create(new DestinationOptions { AttemptTimeout = TimeSpan.FromSeconds(30) }));
        var outcome = await sender.SendAsync(url, "s:1", 1, "{}", s_secrets, TestContext.Current.CancellationToken);
        Assert.Null(outcome.StatusCode);
        Assert.False(outcome.Delivered);
        Assert.Contains("private", outcome.Error, StringComparison.Ordinal);
        Assert.True(outcome.Latency < TimeSpan.FromSeconds(5), $"took {outcome.Latency}: it tried to connect");
    }

    [Fact]
    public async Task A_loopback_name_is_resolved_and_allowed_and_a_closed_port_is_a_failed_attempt()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var sender = new WebhookSender(Options.Create(new DestinationOptions()));
        var outcome = await sender.SendAsync($"http://localhost:{port}/hook", "s:1", 1, "{}", s_secrets, TestContext.Current.CancellationToken);
        Assert.Null(outcome.StatusCode);
        Assert.DoesNotContain("private", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused", outcome.Error, StringComparison.Ordinal);
    }
}
