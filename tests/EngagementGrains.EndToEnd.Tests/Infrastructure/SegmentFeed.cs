using System.Text.Json.Nodes;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>Reads a segment's change feed (SSE) from its start: every enter and exit it replays within a few seconds.</summary>
internal static class SegmentFeed
{
    public static async Task<List<(string Individual, string Type)>> ReplayAsync(HttpClient client, string segment)
    {
        // The change feed is SSE; read what it has replayed so far from the start, then stop.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var changes = new List<(string, string)>();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/segments/{segment}/changes?after=0");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
            string? eventType = null;
            while (await reader.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    eventType = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal) && eventType is not null)
                {
                    var data = JsonNode.Parse(line[5..])!;
                    changes.Add(((string)data["individualId"]!, eventType));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return changes;
    }
}
