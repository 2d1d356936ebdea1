using System.Threading.Channels;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>A minimal Server-Sent Events reader over a real HTTP connection.</summary>
internal sealed class SseClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly Channel<(string Id, string Event, string Data)> _events = Channel.CreateUnbounded<(string, string, string)>();
    private readonly CancellationTokenSource _stop = new();

    private SseClient(HttpClient client, HttpResponseMessage response)
    {
        _client = client;
        _response = response;
        _ = ReadAsync();
    }

    public static async Task<SseClient> ConnectAsync(HttpClient client, string path, string? lastEventId = null)
    {
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseClient(client, response);
    }

    public async Task<(string Id, string Event, string Data)> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _events.Reader.ReadAsync(cts.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _response.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            string id = "", kind = "message", data = "";
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Length > 0)
                    {
                        await _events.Writer.WriteAsync((id, kind, data));
                    }

                    (kind, data) = ("message", "");
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }
}
