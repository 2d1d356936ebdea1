using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.HardeningTests.Limits;

/// <summary>
/// Each limit crossed by one key, answered with the documented problem, while another key is still served:
/// ingest keys are public, so one sender must never take what the others need.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class LimitTests(LimitedHostFixture fixture) : IClassFixture<LimitedHostFixture>
{
    private static readonly Uri s_catalog = new("/v1/catalog", UriKind.Relative);

    [Fact]
    public async Task A_key_over_its_request_rate_gets_429_with_Retry_After_while_another_key_is_served()
    {
        var noisy = await fixture.NewKeyAsync("read");
        var quiet = await fixture.NewKeyAsync("read");
        using var noisyClient = fixture.Host.Client(noisy);
        using var quietClient = fixture.Host.Client(quiet);

        var answers = await Task.WhenAll(Enumerable.Range(0, LimitedHostFixture.RequestsPerSecond * 3).Select(_ => noisyClient.GetAsync(s_catalog)));
        using var served = await quietClient.GetAsync(s_catalog);

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.NotEmpty(refused);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{(int)a.StatusCode}"));
        Assert.True(refused[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused[0].Headers.RetryAfter}");
        var problem = await refused[0].AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains($"{LimitedHostFixture.RequestsPerSecond} requests per second", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task An_admin_key_is_not_held_to_the_rates_that_hold_public_keys()
    {
        var admin = await fixture.NewKeyAsync("admin");
        using var client = fixture.Host.Client(admin);
        var individual = Api.NewId();
        var batch = "[" + string.Join(",", Enumerable.Range(0, LimitedHostFixture.EventsPerSecond * 3).Select(i =>
            Api.Event($"admin-e{i}", "EmailOpened", individual, DateTimeOffset.UtcNow.AddMinutes(-1)))) + "]";
        using var events = await client.PostEventsAsync(batch);
        Assert.Equal(HttpStatusCode.Accepted, events.StatusCode);

        var answers = await Task.WhenAll(Enumerable.Range(0, LimitedHostFixture.RequestsPerSecond * 3).Select(_ => client.GetAsync(s_catalog)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task A_key_over_its_event_rate_gets_429_and_nothing_of_that_request_is_stored()
    {
        var noisy = await fixture.NewKeyAsync("ingest");
        var quiet = await fixture.NewKeyAsync("ingest");
        using var noisyClient = fixture.Host.Client(noisy);
        using var quietClient = fixture.Host.Client(quiet);
        var individual = Api.NewId();
        var accepted = 0;
        HttpResponseMessage? refused = null;
        for (var request = 0; request < 20 && refused is null; request++)
        {
            var batch = "[" + string.Join(",", Enumerable.Range(0, 20).Select(i =>
                Api.Event($"r{request}-e{i}", "EmailOpened", individual, DateTimeOffset.UtcNow.AddMinutes(-1)))) + "]";
            var answer = await noisyClient.PostEventsAsync(batch);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = answer;
                break;
            }

            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            accepted += (int)(await answer.ReadObjectAsync())["accepted"]!;
            answer.Dispose();
        }

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Contains("events per second", (string)problem["detail"]!, StringComparison.Ordinal);
        }

        using var served = await quietClient.PostEventsAsync(Api.Event("q-1", "EmailOpened", Api.NewId(), DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.Equal(HttpStatusCode.Accepted, served.StatusCode);

        using var admin = fixture.Host.Client();
        using var profile = await LimitedHostFixture.SendPatientlyAsync(() => admin.GetAsync(new Uri($"/v1/profiles/{individual}", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal(accepted, (int)(await profile.ReadObjectAsync())["eventCount"]!);
    }

    [Fact]
    public async Task A_key_holding_its_open_streams_gets_429_for_another_while_another_key_streams()
    {
        var segment = Api.UniqueName("streamed");
        using (var admin = fixture.Host.Client())
        {
            using var put = await LimitedHostFixture.SendPatientlyAsync(() => admin.PutAsync(
                new Uri($"/v1/segments/{segment}", UriKind.Relative), Api.Json("""{"event":"EmailOpened","within":"30d","count":{"gte":1}}""")));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var reader = await fixture.NewKeyAsync("read");
        var other = await fixture.NewKeyAsync("read");
        using var readerClient = fixture.Host.Client(reader);
        using var otherClient = fixture.Host.Client(other);
        var changes = new Uri($"/v1/segments/{segment}/changes", UriKind.Relative);
        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < LimitedHostFixture.StreamsPerKey; i++)
        {
            var stream = await readerClient.GetAsync(changes, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            open.Add(stream);
        }

        using (var refused = await readerClient.GetAsync(changes, HttpCompletionOption.ResponseHeadersRead))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Contains($"{LimitedHostFixture.StreamsPerKey} open change streams", (string)problem["detail"]!, StringComparison.Ordinal);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        using (var served = await otherClient.GetAsync(changes, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        // A closed stream gives its slot back.
        open[0].Dispose();
        await Poll.UntilAsync(async () =>
        {
            var again = await readerClient.GetAsync(changes, HttpCompletionOption.ResponseHeadersRead);
            if (again.StatusCode == HttpStatusCode.OK)
            {
                open.Add(again);
                return again;
            }

            again.Dispose();
            return null;
        }, TimeSpan.FromSeconds(20), "a closed stream's slot to come back");
        foreach (var stream in open)
        {
            stream.Dispose();
        }
    }

    [Fact]
    public async Task Headers_over_the_limit_get_a_431_problem()
    {
        using var client = fixture.Host.Client(await fixture.NewKeyAsync("read"));
        using var request = new HttpRequestMessage(HttpMethod.Get, s_catalog);
        request.Headers.Add("X-Padding", new string('a', LimitedHostFixture.MaxHeaderBytes));
        using var refused = await client.SendAsync(request);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Equal("headers", (string)problem["field"]!);

        using var served = await client.GetAsync(s_catalog);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Definitions_beyond_the_deployment_limit_get_a_409_problem_and_changes_still_work()
    {
        using var admin = fixture.Host.Client();
        Task<HttpResponseMessage> Put(string name, string window) => LimitedHostFixture.SendPatientlyAsync(() => admin.PutAsync(
            new Uri($"/v1/measures/{name}", UriKind.Relative), Api.Json($$"""{"event":"EmailOpened","aggregate":"count","within":"{{window}}"}""")));

        for (var i = 0; i < LimitedHostFixture.MaxMeasures; i++)
        {
            using var created = await Put($"limited{i}", "30d");
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var refused = await Put("limited_extra", "30d"))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains($"limit of {LimitedHostFixture.MaxMeasures} measures", (string)problem["detail"]!, StringComparison.Ordinal);
        }

        using var missing = await LimitedHostFixture.SendPatientlyAsync(() => admin.GetAsync(new Uri("/v1/measures/limited_extra", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var changed = await Put("limited0", "60d");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    [Theory]
    [InlineData("""{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}""", "attributes", "limit is 5")]
    [InlineData("""{"deep":{"x":{"y":{"z":{"w":1}}}}}""", "attributes.deep", "nests deeper than 3 levels")]
    [InlineData("""{"note":"LONG"}""", "attributes.note", "the limit is 100")]
    public async Task Attributes_beyond_count_depth_or_length_get_a_400_naming_the_field(string attributes, string field, string reason)
    {
        using var client = fixture.Host.Client(await fixture.NewKeyAsync("ingest"));
        var individual = Api.NewId();
        using var refused = await client.PostEventsAsync(
            Api.Event("e-1", "EmailOpened", individual, DateTimeOffset.UtcNow.AddMinutes(-1), attributes.Replace("LONG", new string('x', 101), StringComparison.Ordinal)));
        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        var error = problem["errors"]!.AsArray().Single()!;
        Assert.Equal(field, (string)error["field"]!);
        Assert.Contains(reason, (string)error["message"]!, StringComparison.Ordinal);

        using var admin = fixture.Host.Client();
        using var profile = await LimitedHostFixture.SendPatientlyAsync(() => admin.GetAsync(new Uri($"/v1/profiles/{individual}", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.NotFound, profile.StatusCode);
    }

    [Fact]
    public async Task A_body_nested_beyond_the_JSON_depth_gets_a_400()
    {
        using var client = fixture.Host.Client(await fixture.NewKeyAsync("ingest"));
        var nested = new StringBuilder().Insert(0, "[", 100).Append(']', 100).ToString();
        using var refused = await client.PostEventsAsync(nested);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("depth", (string)problem["detail"]!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_sender_too_slow_with_its_headers_is_cut_off_while_others_are_served()
    {
        using var slow = new TcpClient();
        await slow.ConnectAsync(IPAddress.Loopback, fixture.Host.BaseAddress.Port);
        var stream = slow.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /v1/catalog HTTP/1.1\r\nHost: x\r\nX-Slow: "));

        // One byte a second: the connection is alive, but the headers never finish within the 2-s timeout.
        var closed = false;
        var answer = new StringBuilder();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var buffer = new byte[1024];
        using var client = fixture.Host.Client(await fixture.NewKeyAsync("read"));
        var reading = stream.ReadAsync(buffer).AsTask();
        while (!closed && DateTime.UtcNow < deadline)
        {
            try
            {
                await stream.WriteAsync("a"u8.ToArray());
                if (await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(1))) == reading)
                {
                    var read = await reading;
                    answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    closed = read == 0 || answer.ToString().Contains(" 408 ", StringComparison.Ordinal);
                    reading = stream.ReadAsync(buffer).AsTask();
                }
            }
            catch (IOException)
            {
                closed = true;
            }

            using var served = await client.GetAsync(s_catalog);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        Assert.True(closed, $"the slow connection was still open after 20 s; it read: {answer}");
    }

    // Found by the fuzz round (each was a 500): an explicit null for both "who" fields, a byte that is not UTF-8,
    // an escaped half of a surrogate pair, a LivePerson contact that is not an object; and by its long round
    // (200,000 requests): a name given twice in a LivePerson contact, and a tracking call nested as deep as a
    // body may be, which mapping nested deeper still.
    [Theory]
    [InlineData("/v1/events", """{"eventId":"e-1","type":"EmailOpened","occurredAt":"2026-11-20T10:15:00Z","individualId":null,"identities":null}""", "individualId")]
    [InlineData("/v1/events", """{"eventId":"e-1","type":"EmailOpened","occurredAt":"2026-11-20T10:15:00Z","individualId":"ind-BYTE"}""", "body")]
    [InlineData("/v1/events", """{"eventId":"e-1","type":"EmailOpened","occurredAt":"2026-11-20T10:15:00Z","individualId":"ind-1","attributes":{"x":"\ud83d"}}""", "body")]
    [InlineData("/v1/sources/liveperson-conversations", """{"conversationHistoryRecords":[{"info":{"conversationId":"c-1","startTime":"2026-11-20 10:00:00.000+0000","startTimeL":1795168800000},"sdes":{"events":[{"personalInfo":{"serverTimeStamp":1795168800000,"personalInfo":{"name":"A","contacts":[1,[],{"personalContact":2}]}},"sdeType":"PERSONAL_INFO","serverTimeStamp":1795168800000}]}}]}""", null)]
    [InlineData("/v1/sources/liveperson-conversations", """{"conversationHistoryRecords":[{"info":{"conversationId":"c-1","startTime":"2026-11-20 10:00:00.000+0000","startTimeL":1795168800000},"sdes":{"events":[{"personalInfo":{"serverTimeStamp":1795168800000,"personalInfo":{"name":"A","contacts":[{"personalContact":{"phone":"+15550001","phone":"+15550002"}}]}},"sdeType":"PERSONAL_INFO","serverTimeStamp":1795168800000}]}}]}""", "phone")]
    [InlineData("/v1/track", """{"type":"track","messageId":"m-deep","userId":"u-1","event":"Order Completed","context":{"traits":{"email":"a@example.com","deep":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}},"timestamp":"2026-11-20T10:15:00Z"}""", "deep")]
    public async Task Inputs_the_fuzz_round_found_are_answered_without_a_500(string path, string body, string? field)
    {
        using var client = fixture.Host.Client(await fixture.NewKeyAsync("ingest"));
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var at = body.IndexOf("BYTE", StringComparison.Ordinal);
        if (at >= 0)
        {
            bytes[at] = 0xFF;
        }

        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = Api.JsonType;
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        var status = (int)response.StatusCode;
        Assert.True(status is >= 200 and < 500, $"{status}: {await response.Content.ReadAsStringAsync()}");
        if (field is not null)
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.Contains(field, problem.ToJsonString(), StringComparison.Ordinal);
        }
    }
}
