using System.Text;
using System.Text.Json.Nodes;

namespace EngagementGrains.ModelTests.Running;

/// <summary>Requests as a real client makes them: a 5xx, a refused connection or a timeout is retried with the same body.</summary>
public static class EngineRequests
{
    /// <summary>Sends until an answer below 500 or the deadline; returns that answer and how many attempts failed on the way.</summary>
    public static async Task<(Answer Answer, int Retries)> SendAsync(IModelEngine engine, HttpMethod method, string path, string? json, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        var retries = 0;
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
                if (json is not null)
                {
                    request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                using var response = await engine.Client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if ((status < 500 && status != 429) || DateTime.UtcNow > until)
                {
                    return (new Answer(status, Parse(text), text), retries);
                }

                // A 429 (the key's rate spent) is waited out as the answer says, as a client does.
                if (status == 429)
                {
                    retries++;
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    continue;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
            {
                if (DateTime.UtcNow > until)
                {
                    throw;
                }
            }

            retries++;
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
