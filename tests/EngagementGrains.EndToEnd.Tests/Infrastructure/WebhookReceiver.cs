using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real webhook receiver on a loopback port: it checks every request's Standard Webhooks signature against
/// the secrets the test gave it (its own HMAC code, not the engine's) and records what came. The test can
/// take it down (connection refused), make it answer 500 or answer slowly.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private readonly ConcurrentQueue<string> _arrivals = new();
    private readonly Lock _gate = new();
    private HttpListener? _listener;
    private Task _loop = Task.CompletedTask;

    private WebhookReceiver(int port)
    {
        Port = port;
        Url = $"http://127.0.0.1:{port}/hooks";
    }

    public int Port { get; }

    public string Url { get; }

    /// <summary>The secrets a signature must verify with: a request counts as signed when one of the header's signatures matches each of them.</summary>
    public IReadOnlyList<string> Secrets { get; set; } = [];

    /// <summary>The status answered; 200 unless the test says otherwise.</summary>
    public int Status { get; set; } = 200;

    /// <summary>How long to wait before answering.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>Every request received, in arrival order, whatever was answered.</summary>
    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    /// <summary>The webhook id of every request as it arrived, before it was answered.</summary>
    public IReadOnlyList<string> Arrivals => [.. _arrivals];

    /// <summary>The requests answered 2xx.</summary>
    public IReadOnlyList<Delivery> Acknowledged => [.. _deliveries.Where(d => d.Answered is >= 200 and < 300)];

    public static WebhookReceiver Start()
    {
        var receiver = new WebhookReceiver(FreePort.Next());
        receiver.Up();
        return receiver;
    }

    /// <summary>Listens again on the same port.</summary>
    public void Up()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            listener.Start();
            _listener = listener;
            _loop = Task.Run(() => ServeAsync(listener));
        }
    }

    /// <summary>Stops listening: connections are refused until <see cref="Up"/>.</summary>
    public async Task DownAsync()
    {
        Task loop;
        lock (_gate)
        {
            _listener?.Close();
            _listener = null;
            loop = _loop;
        }

        await loop;
    }

    public async ValueTask DisposeAsync() => await DownAsync();

    private async Task ServeAsync(HttpListener listener)
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var id = context.Request.Headers["webhook-id"] ?? "";
            var timestamp = context.Request.Headers["webhook-timestamp"] ?? "";
            var signature = context.Request.Headers["webhook-signature"] ?? "";
            _arrivals.Enqueue(id);
            var secrets = Secrets;
            var verified = secrets.Count > 0 && secrets.All(secret => Verifies(secret, id, timestamp, body, signature));
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay);
            }

            var status = Status;
            _deliveries.Enqueue(new Delivery(id, timestamp, signature, body, JsonNode.Parse(body)!.AsObject(), verified, status, DateTimeOffset.UtcNow));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The engine gave up on this attempt (its timeout) or the test took the receiver down.
        }
    }

    // Standard Webhooks 1.0: base64 HMAC-SHA256 over "{id}.{timestamp}.{body}", keyed with the bytes after "whsec_".
    private static bool Verifies(string secret, string id, string timestamp, string body, string header)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && header.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected)));
    }

    /// <summary>One request the receiver got, with what it answered.</summary>
    public sealed record class Delivery(
        string Id, string Timestamp, string Signature, string RawBody, JsonObject Body, bool Verified, int Answered, DateTimeOffset ReceivedAt)
    {
        public string Type => (string)Body["type"]!;

        public string IndividualId => (string)Body["individualId"]!;

        public long Position => (long)Body["position"]!;
    }
}
