namespace EngagementGrains.EndToEnd.Tests.Infrastructure.Readme;

/// <summary>What a README <c>curl</c> command asks: the options the walk-through uses, and no others.</summary>
internal sealed record class CurlRequest(HttpMethod Method, string Url, IReadOnlyList<(string Name, string Value)> Headers, string? Body, string? BasicUser, bool Streams)
{
    public static CurlRequest Parse(IReadOnlyList<string> words)
    {
        if (words.Count == 0 || words[0] != "curl")
        {
            throw new FormatException($"Not a curl command: {string.Join(' ', words)}");
        }

        string? method = null, url = null, body = null, user = null;
        var headers = new List<(string, string)>();
        var streams = false;
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-s":
                    break;
                case "-N":
                    streams = true;
                    break;
                case "-X":
                    method = words[++i];
                    break;
                case "-H":
                    var header = words[++i];
                    var colon = header.IndexOf(':', StringComparison.Ordinal);
                    headers.Add((header[..colon].Trim(), header[(colon + 1)..].Trim()));
                    break;
                case "-d":
                    body = words[++i];
                    break;
                case "-u":
                    user = words[++i];
                    break;
                case var word when word.StartsWith("http", StringComparison.Ordinal):
                    url = word;
                    break;
                default:
                    throw new FormatException($"The README uses a curl option this test does not know: {words[i]}");
            }
        }

        // curl posts when given data and no method, as the tracking examples rely on.
        method ??= body is null ? "GET" : "POST";
        return new CurlRequest(new HttpMethod(method), url ?? throw new FormatException("A curl command without a URL."), headers, body, user, streams);
    }
}
