using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;
using EngagementGrains.EndToEnd.Tests.Infrastructure.Readme;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// Runs the README's walk-through as a newcomer would, on a fresh Host started with the README's own command,
/// and compares each answer with the one the README shows, so the README cannot drift from the product.
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    private const string ReadmeBaseAddress = "http://127.0.0.1:5080";
    private const string IndividualIdPlaceholder = "<individualId>";

    // A person types the next command seconds later: a read that shows what a backfill or the feed will
    // show is asked again until then (a change of state is never repeated).
    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_walkthrough_gives_the_answers_the_README_shows()
    {
        var steps = ReadmeWalkthrough.Read(await File.ReadAllTextAsync(RepositoryPaths.Readme));
        Assert.True(steps.Count(s => s.Expected is not null) >= 12, $"Only {steps.Count} steps were read from the README's walk-through.");
        var directory = Path.Combine(Path.GetTempPath(), "eg-readme-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var walk = new Walk();
        try
        {
            foreach (var step in steps)
            {
                await walk.RunAsync(step, directory);
            }

            Assert.NotNull(walk.Host);
            Assert.True(File.Exists(Path.Combine(directory, "data", "engagement.db")), "./data is not where the README says: under the directory the Host was started from.");
        }
        finally
        {
            if (walk.Host is not null)
            {
                await walk.Host.DisposeAsync();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class Walk
    {
        private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
        private readonly List<string> _seenValues = [];
        private string? _lastIndividualId;
        private string? _lastAnswer;

        public HostProcess? Host { get; private set; }

        public async Task RunAsync(WalkthroughStep step, string directory)
        {
            var words = ShellText.Words(step.Command, name =>
                _variables.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"${name} is used before the README sets it."));
            var assignments = words.TakeWhile(w => w.Contains('=', StringComparison.Ordinal) && !w.StartsWith('-') && char.IsLetter(w[0]))
                .Select(w => (Name: w[..w.IndexOf('=', StringComparison.Ordinal)], Value: w[(w.IndexOf('=', StringComparison.Ordinal) + 1)..]))
                .ToArray();
            var command = words.Skip(assignments.Length).ToArray();
            if (command.Length == 0)
            {
                foreach (var (name, value) in assignments)
                {
                    _variables[name] = Resolve(value);
                }
            }
            else if (command[0] == "dotnet")
            {
                await StartAsync(command, assignments, directory);
            }
            else if (command[0] == "curl")
            {
                Assert.True(Host is not null, $"The walk-through calls the API before starting the Host: {step.Command}");
                await CallAsync(CurlRequest.Parse(command), step);
            }
            else
            {
                Assert.Fail($"The walk-through has a command this test cannot run: {step.Command}");
            }
        }

        private async Task StartAsync(string[] command, (string Name, string Value)[] environment, string directory)
        {
            Assert.Equal(["dotnet", "run", "--project", "src/EngagementGrains.Host"], command);
            Host = await HostProcess.StartAsUserAsync(directory, fromSource: true, environment.ToDictionary(e => e.Name, e => e.Value));
            var banner = await FreshStartConsoleTests.BannerAsync(Host);
            Assert.Contains(banner, l => l.Contains("Data", StringComparison.Ordinal) && l.Contains(Path.Combine(directory, "data"), StringComparison.Ordinal));
            Assert.Contains(banner, l => l.Contains("Admin key", StringComparison.Ordinal) && l.Contains("ENGAGEMENTGRAINS_ADMIN_KEY", StringComparison.Ordinal));
        }

        private async Task CallAsync(CurlRequest curl, WalkthroughStep step)
        {
            var expected = step.Expected is null ? null : ExpectedAnswer.Parse(step.Expected);
            using var client = new HttpClient { BaseAddress = Host!.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            if (curl.Streams)
            {
                Assert.NotNull(expected);
                var first = await FirstServerSentEventAsync(client, curl);
                Assert.True(expected.MatchesText(first), $"{step.Command}{Environment.NewLine}README shows:{Environment.NewLine}{expected}{Environment.NewLine}Host answered:{Environment.NewLine}{first}");
                return;
            }

            var readOnly = curl.Method == HttpMethod.Get;
            var deadline = DateTime.UtcNow + s_settle;
            while (true)
            {
                var (status, body) = await SendAsync(client, curl);
                var matches = expected is null ? status < 400 : expected.MatchesJson(body);
                if (matches || !readOnly || DateTime.UtcNow > deadline)
                {
                    Assert.True(matches, $"{step.Command}{Environment.NewLine}README shows: {(object?)expected ?? "a success"}{Environment.NewLine}Host answered {status}: {body}");
                    Remember(body);
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }

            if (expected?.FollowUp is { } followUp)
            {
                await Poll.UntilAsync(async () =>
                {
                    var (_, body) = await SendAsync(client, curl with { Method = HttpMethod.Get, Url = ReadmeBaseAddress + followUp.Path, Body = null });
                    return body.Contains($"\"{followUp.Word}\"", StringComparison.Ordinal) ? body : null;
                }, s_settle, $"GET {followUp.Path} to say \"{followUp.Word}\", as the README says");
            }
        }

        private async Task<(int Status, string Body)> SendAsync(HttpClient client, CurlRequest curl)
        {
            using var request = Request(curl);
            using var response = await client.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        private async Task<string> FirstServerSentEventAsync(HttpClient client, CurlRequest curl)
        {
            using var request = Request(curl);
            using var timeout = new CancellationTokenSource(s_settle);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            var lines = new List<string>();
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Length == 0 && lines.Count > 0)
                {
                    break;
                }

                if (line.Length > 0 && !line.StartsWith(':'))
                {
                    lines.Add(line);
                }
            }

            return string.Join("\n", lines);
        }

        private HttpRequestMessage Request(CurlRequest curl)
        {
            var url = curl.Url.Replace(ReadmeBaseAddress, "", StringComparison.Ordinal);
            if (url.Contains(IndividualIdPlaceholder, StringComparison.Ordinal))
            {
                Assert.True(_lastIndividualId is not null, $"{curl.Url} names {IndividualIdPlaceholder} before any answer gave one.");
                url = url.Replace(IndividualIdPlaceholder, _lastIndividualId, StringComparison.Ordinal);
            }

            var request = new HttpRequestMessage(curl.Method, new Uri(url, UriKind.Relative));
            string? contentType = null;
            foreach (var (name, value) in curl.Headers)
            {
                if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = value;
                }
                else
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            }

            if (curl.BasicUser is { } user)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user)));
            }

            if (curl.Body is { } body)
            {
                // curl -d sends form encoding unless told otherwise; the README always says JSON.
                Assert.True(contentType is not null, $"{curl.Url}: the README sends data without a Content-Type.");
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }

            return request;
        }

        // Answers give the values later commands use: an individualId, a key shown as "egk_…".
        private void Remember(string body)
        {
            _lastAnswer = body;
            JsonNode? answer;
            try
            {
                answer = JsonNode.Parse(body);
            }
            catch (System.Text.Json.JsonException)
            {
                return;
            }

            if (answer is JsonObject { } root && root["individualId"] is JsonValue id)
            {
                _lastIndividualId = (string)id!;
            }

            Collect(answer);
        }

        private void Collect(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        Collect(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Collect(child);
                    }

                    break;
                case JsonValue v when v.TryGetValue<string>(out var text):
                    _seenValues.Add(text);
                    break;
            }
        }

        private string Resolve(string value)
        {
            if (!value.Contains('…', StringComparison.Ordinal))
            {
                return value;
            }

            var pattern = new ExpectedAnswer(value, "");
            return _seenValues.FirstOrDefault(pattern.MatchesText)
                ?? throw new InvalidOperationException($"No earlier answer gave a value like {value} (last answer: {_lastAnswer}).");
        }
    }
}
