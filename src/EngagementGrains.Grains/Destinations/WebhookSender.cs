using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EngagementGrains.Core.Destinations;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Grains.Destinations;

/// <summary>
/// Sends signed webhooks. Every connection resolves the host itself and checks each address again, so a name
/// that resolved to a public address when the destination was saved cannot be pointed at the internal network
/// later (DNS rebinding); redirects are not followed, for the same reason.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _client;
    private readonly DestinationOptions _options;

    public WebhookSender(IOptions<DestinationOptions> options)
    {
        _options = options.Value;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = _options.AttemptTimeout,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>POSTs <paramref name="body"/> to <paramref name="url"/> with the Standard Webhooks headers.</summary>
    public async Task<DeliveryOutcome> SendAsync(
        string url, string webhookId, long timestamp, string body, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Header(secrets, webhookId, timestamp, body));
        request.Headers.UserAgent.ParseAdd("EngagementGrains-Webhooks/1");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AttemptTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return new DeliveryOutcome((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}", Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(null, $"no answer within {_options.AttemptTimeout.TotalSeconds:0.###} s", Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException error)
        {
            return new DeliveryOutcome(null, Describe(error), Stopwatch.GetElapsedTime(started));
        }
    }

    public void Dispose() => _client.Dispose();

    private static string Describe(HttpRequestException error) =>
        error.InnerException is RefusedAddressException refused ? refused.Message
        : error.InnerException is SocketException socket ? socket.SocketErrorCode.ToString()
        : error.Message;

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var refusal = "";
        Exception? last = null;
        foreach (var address in addresses)
        {
            if (DestinationAddress.CheckResolved(address, _options.AllowPrivateNetworks) is { } why)
            {
                refusal = $"{host} {why}; not sent";
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException error)
            {
                socket.Dispose();
                last = error;
            }
        }

        throw last ?? new RefusedAddressException(refusal.Length > 0 ? refusal : $"{host} resolves to no address");
    }
}
