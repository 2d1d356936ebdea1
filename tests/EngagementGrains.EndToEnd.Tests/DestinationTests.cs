using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// Signed webhooks on segment enter and exit, against a real receiver on loopback that verifies every signature:
/// delivery in order, a receiver down or failing or slow, giving up and replaying, secret rotation, URL rules.
/// Time is the Host's domain clock (a file) where the rule is about time (give-up, overlap).
/// </summary>
public sealed class DestinationTests(ClockedHostFixture fixture) : IClassFixture<ClockedHostFixture>
{
    private static readonly TimeSpan s_deliveryTimeout = TimeSpan.FromSeconds(60);

    private HostProcess Host => fixture.Host;

    [Fact]
    public async Task Enters_and_exits_arrive_signed_in_order_and_the_secret_is_shown_only_once()
    {
        using var admin = Host.Client();
        var segment = await NewSegmentAsync(admin);
        await using var receiver = WebhookReceiver.Start();
        var name = Api.UniqueName("crm");
        var created = await admin.CreateDestinationAsync(name, $$"""{"url":"{{receiver.Url}}","segments":["{{segment}}"]}""");
        var secret = (string)created["secret"]!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal("active", (string)created["destination"]!["status"]!);
        receiver.Secrets = [secret];

        // Never again: not in GET, the list, or a change of settings.
        foreach (var path in new[] { $"/v1/destinations/{name}", "/v1/destinations" })
        {
            using var read = await admin.GetAsync(new Uri(path, UriKind.Relative));
            var text = await read.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.DoesNotContain(secret["whsec_".Length..], text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret\"", text, StringComparison.OrdinalIgnoreCase);
        }

        using (var again = await admin.PutAsync(new Uri($"/v1/destinations/{name}", UriKind.Relative), Api.Json($$"""{"url":"{{receiver.Url}}","segments":["{{segment}}"]}""")))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.DoesNotContain(secret["whsec_".Length..], await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var people = new[] { Api.NewId(), Api.NewId(), Api.NewId() };
        var t = fixture.Now.AddHours(-1);
        for (var step = 0; step < 3; step++)
        {
            foreach (var person in people)
            {
                await admin.StepAsync(segment, person, enter: step % 2 == 0, t.AddMinutes(step), $"s{step}");
            }
        }

        var delivered = await Webhooks.AcknowledgedAsync(receiver, segment, people, 9, s_deliveryTimeout);
        Webhooks.AssertSignedStableAndOrdered(receiver.Deliveries, segment);
        Assert.Equal(9, delivered.Select(d => d.Id).Distinct().Count());
        Assert.Equal(people.Order(), delivered.Select(d => d.IndividualId).Distinct().Order());
        Assert.All(delivered, d => Assert.Equal(fixture.Now, DateTimeOffset.Parse((string)d.Body["at"]!, System.Globalization.CultureInfo.InvariantCulture)));

        var attempts = await Poll.UntilAsync(async () =>
        {
            var list = (await admin.GetObjectAsync($"/v1/destinations/{name}/deliveries"))["attempts"]!.AsArray();
            return list.Count >= 9 ? list : null;
        }, TimeSpan.FromSeconds(10), "the attempts to be listed");
        Assert.All(attempts, a => Assert.Equal(200, (int)a!["statusCode"]!));
        Assert.Equal(delivered.Select(d => d.Id).ToHashSet(), attempts.Select(a => (string)a!["webhookId"]!).ToHashSet());

        using (var metrics = await admin.GetAsync(new Uri("/metrics", UriKind.Relative)))
        {
            var text = await metrics.Content.ReadAsStringAsync();
            foreach (var metric in new[] { "engagementgrains_destinations_delivered", "engagementgrains_destinations_lag", "engagementgrains_destinations_retrying" })
            {
                Assert.Contains(metric, text, StringComparison.Ordinal);
            }
        }

        var positions = (await admin.GetObjectAsync($"/v1/destinations/{name}"))["positions"]!.AsObject();
        Assert.Equal(delivered.Max(d => d.Position), (long)positions[segment]!);
        await DeleteAsync(admin, name);
    }

    [Fact]
    public async Task A_receiver_that_is_down_and_then_answers_500_gets_every_change_later_with_the_same_ids()
    {
        using var admin = Host.Client();
        var segment = await NewSegmentAsync(admin);
        await using var receiver = WebhookReceiver.Start();
        var name = Api.UniqueName("down");
        receiver.Secrets = [(string)(await admin.CreateDestinationAsync(name, $$"""{"url":"{{receiver.Url}}","segments":["{{segment}}"]}"""))["secret"]!];

        await receiver.DownAsync();
        var people = new[] { Api.NewId(), Api.NewId() };
        var t = fixture.Now.AddHours(-1);
        foreach (var person in people)
        {
            await admin.StepAsync(segment, person, enter: true, t, "in");
            await admin.StepAsync(segment, person, enter: false, t.AddMinutes(1), "out");
        }

        // Refused connections are attempts that failed, retried with backoff.
        await Poll.UntilAsync(async () =>
        {
            var attempts = (await admin.GetObjectAsync($"/v1/destinations/{name}/deliveries"))["attempts"]!.AsArray();
            return attempts.Count >= 3 && attempts.All(a => a!["statusCode"] is null && a["error"] is not null) ? attempts : null;
        }, TimeSpan.FromSeconds(30), "refused attempts to be retried");

        // Up, but answering 500: the same change comes again and again, with the same id and body.
        receiver.Status = 500;
        receiver.Up();
        var repeated = await Poll.UntilAsync(
            () => Task.FromResult(receiver.Deliveries.Count >= 3 ? receiver.Deliveries : null), TimeSpan.FromSeconds(30), "retries of the head");
        Assert.Single(repeated.Select(d => d.Id).Distinct());
        Assert.All(repeated, d => Assert.True(d.Verified));

        receiver.Status = 200;
        var delivered = await Webhooks.AcknowledgedAsync(receiver, segment, people, 4, s_deliveryTimeout);
        Webhooks.AssertSignedStableAndOrdered(receiver.Deliveries, segment);
        Assert.Equal(4, delivered.Select(d => d.Id).Distinct().Count());
        Assert.Equal("active", (string)(await admin.GetObjectAsync($"/v1/destinations/{name}"))["status"]!);
        await DeleteAsync(admin, name);
    }

    [Fact]
    public async Task A_slow_receiver_slows_neither_ingest_nor_another_destination()
    {
        using var admin = Host.Client();
        var segment = await NewSegmentAsync(admin);
        await using var slow = WebhookReceiver.Start();
        await using var fast = WebhookReceiver.Start();
        var slowName = Api.UniqueName("slow");
        var fastName = Api.UniqueName("fast");
        slow.Secrets = [(string)(await admin.CreateDestinationAsync(slowName, $$"""{"url":"{{slow.Url}}","segments":["{{segment}}"]}"""))["secret"]!];
        fast.Secrets = [(string)(await admin.CreateDestinationAsync(fastName, $$"""{"url":"{{fast.Url}}","segments":["{{segment}}"]}"""))["secret"]!];
        slow.Delay = TimeSpan.FromSeconds(2);

        var t = fixture.Now.AddHours(-1);
        var people = Enumerable.Range(0, 6).Select(_ => Api.NewId()).ToArray();
        foreach (var person in people)
        {
            await admin.StepAsync(segment, person, enter: true, t, "in");
        }

        // Six changes at 2 s each: ingest has long finished, and the other destination too, while the slow one is at its first few.
        var fastDone = await Webhooks.AcknowledgedAsync(fast, segment, people, 6, s_deliveryTimeout);
        var slowSoFar = slow.Acknowledged.Count(d => people.Contains(d.IndividualId));
        Assert.True(slowSoFar < 6, $"the slow receiver has {slowSoFar} already");
        Assert.All(fastDone, d => Assert.True(d.Verified));

        await Webhooks.AcknowledgedAsync(slow, segment, people, 6, s_deliveryTimeout);
        Webhooks.AssertSignedStableAndOrdered(slow.Deliveries, segment);
        var latencies = (await admin.GetObjectAsync($"/v1/destinations/{slowName}/deliveries"))["attempts"]!.AsArray()
            .Select(a => (long)a!["latencyMs"]!).ToArray();
        Assert.All(latencies, ms => Assert.True(ms >= 1900, $"latency {ms} ms"));
        await DeleteAsync(admin, slowName);
        await DeleteAsync(admin, fastName);
    }

    [Fact]
    public async Task An_attempt_without_an_answer_in_time_is_retried_with_the_same_id()
    {
        using var admin = Host.Client();
        var segment = await NewSegmentAsync(admin);
        await using var receiver = WebhookReceiver.Start();
        var name = Api.UniqueName("hangs");
        receiver.Secrets = [(string)(await admin.CreateDestinationAsync(name, $$"""{"url":"{{receiver.Url}}","segments":["{{segment}}"]}"""))["secret"]!];
        receiver.Delay = TimeSpan.FromSeconds(5);
        var person = Api.NewId();
        await admin.StepAsync(segment, person, enter: true, fixture.Now.AddMinutes(-5), "in");

        // The test Host gives an attempt 3 s.
        var timedOut = await Poll.UntilAsync(async () =>
        {
            var attempts = (await admin.GetObjectAsync($"/v1/destinations/{name}/deliveries"))["attempts"]!.AsArray();
            return attempts.FirstOrDefault(a => ((string?)a!["error"])?.Contains("no answer within 3 s", StringComparison.Ordinal) == true);
        }, TimeSpan.FromSeconds(30), "an attempt to time out");
        Assert.Null(timedOut!["statusCode"]);
        Assert.InRange((long)timedOut["latencyMs"]!, 2900, 4500);

        receiver.Delay = TimeSpan.Zero;
        var id = (string)timedOut["webhookId"]!;
        await Poll.UntilAsync(async () =>
        {
            var attempts = (await admin.GetObjectAsync($"/v1/destinations/{name}/deliveries"))["attempts"]!.AsArray();
            return attempts.Any(a => (string)a!["webhookId"]! == id && (int?)a["statusCode"] == 200) ? attempts : null;
        }, s_deliveryTimeout, "the timed-out change to be delivered");

        // Whatever the receiver saw (it answers the timed-out attempts too, too late) carried that one id.
        Assert.All(receiver.Deliveries, d => Assert.Equal(id, d.Id));
        Webhooks.AssertSignedStableAndOrdered(receiver.Deliveries, segment);
        await DeleteAsync(admin, name);
    }

    [Fact]
    public async Task A_destination_that_fails_past_the_give_up_time_stops_until_a_replay_which_can_start_over()
    {
        using var admin = Host.Client();
        var segment = await NewSegmentAsync(admin);
        await using var receiver = WebhookReceiver.Start();
        var name = Api.UniqueName("gives_up");
        receiver.Secrets = [(string)(await admin.CreateDestinationAsync(name, $$"""{"url":"{{receiver.Url}}","segments":["{{segment}}"]}"""))["secret"]!];
        receiver.Status = 503;
        var person = Api.NewId();
        await admin.StepAsync(segment, person, enter: true, fixture.Now.AddHours(-1), "in");
        await Poll.UntilAsync(() => Task.FromResult(receiver.Deliveries.Count >= 2 ? "retried" : null), TimeSpan.FromSeconds(30), "a retry");

        fixture.Advance(TimeSpan.FromHours(25));
        var failing = await Poll.UntilAsync(async () =>
        {
            var destination = await admin.GetObjectAsync($"/v1/destinations/{name}");
            return (string)destination["status"]! == "failing" ? destination : null;
        }, TimeSpan.FromSeconds(30), "the destination to be failing");
        Assert.Contains($"{segment}:", (string)failing["failingReason"]!, StringComparison.Ordinal);

        receiver.Status = 200;
        using (var replay = await admin.PostAsync(new Uri($"/v1/destinations/{name}/replay", UriKind.Relative), Api.Json("{}")))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal("active", (string)(await replay.ReadObjectAsync())["status"]!);
        }

        var first = (await Webhooks.AcknowledgedAsync(receiver, segment, [person], 1, s_deliveryTimeout))[0];
        Assert.Equal(receiver.Deliveries[0].Id, first.Id);

        // From position 0: everything again, with the ids it had.
        await admin.StepAsync(segment, person, enter: false, fixture.Now.AddMinutes(-1), "out");
        await Webhooks.AcknowledgedAsync(receiver, segment, [person], 2, s_deliveryTimeout);
        var mine = () => receiver.Acknowledged.Where(d => d.IndividualId == person).ToArray();
        var before = mine().Length;
        using (var replay = await admin.PostAsync(new Uri($"/v1/destinations/{name}/replay", UriKind.Relative), Api.Json($$"""{"segment":"{{segment}}","after":0}""")))
        {
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        }

        await Poll.UntilAsync(() => Task.FromResult(mine().Length >= before + 2 ? "again" : null), s_deliveryTimeout, "the replay");
        var again = mine().Skip(before).ToArray();
        Assert.Equal(mine().Take(before).Select(d => d.Id).Distinct(), again.Select(d => d.Id).Distinct());
        Webhooks.AssertSignedStableAndOrdered(receiver.Deliveries, segment);
        await DeleteAsync(admin, name);
    }

    [Fact]
    public async Task A_rotated_secret_signs_beside_the_old_one_until_the_overlap_ends()
    {
        using var admin = Host.Client();
        var segment = await NewSegmentAsync(admin);
        await using var receiver = WebhookReceiver.Start();
        var name = Api.UniqueName("rotates");
        var old = (string)(await admin.CreateDestinationAsync(name, $$"""{"url":"{{receiver.Url}}","segments":["{{segment}}"]}"""))["secret"]!;

        JsonObject rotated;
        using (var rotation = await admin.PostAsync(new Uri($"/v1/destinations/{name}/rotate-secret", UriKind.Relative), Api.Json("""{"overlap":"1h"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, rotation.StatusCode);
            rotated = await rotation.ReadObjectAsync();
        }

        var fresh = (string)rotated["secret"]!;
        Assert.StartsWith("whsec_", fresh, StringComparison.Ordinal);
        Assert.NotEqual(old, fresh);
        Assert.Equal(rotated["previousSecretValidUntil"]!.ToString(), (await admin.GetObjectAsync($"/v1/destinations/{name}"))["previousSecretValidUntil"]!.ToString());

        // During the overlap a receiver holding either secret accepts the message.
        receiver.Secrets = [old, fresh];
        var person = Api.NewId();
        await admin.StepAsync(segment, person, enter: true, fixture.Now.AddMinutes(-5), "in");
        var during = (await Webhooks.AcknowledgedAsync(receiver, segment, [person], 1, s_deliveryTimeout))[0];
        Assert.True(during.Verified);
        Assert.Equal(2, during.Signature.Split(' ').Length);

        fixture.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        receiver.Secrets = [fresh];
        await admin.StepAsync(segment, person, enter: false, fixture.Now.AddMinutes(-1), "out");
        var after = (await Webhooks.AcknowledgedAsync(receiver, segment, [person], 2, s_deliveryTimeout))[^1];
        Assert.True(after.Verified);
        Assert.Single(after.Signature.Split(' '));
        Assert.Null((await admin.GetObjectAsync($"/v1/destinations/{name}"))["previousSecretValidUntil"]);
        await DeleteAsync(admin, name);
    }

    [Theory]
    [InlineData("""{"url":"http://hooks.example.com/eg"}""", "url", "https")]
    [InlineData("""{"url":"ftp://127.0.0.1/eg"}""", "url", "https")]
    [InlineData("""{"url":"https://10.0.0.7/eg"}""", "url", "private")]
    [InlineData("""{"url":"https://172.20.1.1/eg"}""", "url", "private")]
    [InlineData("""{"url":"https://192.168.0.10/eg"}""", "url", "private")]
    [InlineData("""{"url":"https://169.254.169.254/latest/meta-data"}""", "url", "private")]
    [InlineData("""{"url":"https://[fd12::1]/eg"}""", "url", "private")]
    [InlineData("""{"url":"https://[fe80::1]/eg"}""", "url", "private")]
    [InlineData("""{"url":"https://user:pw@127.0.0.1/eg"}""", "url", "user name")]
    [InlineData("""{"url":"https://no-such-host.invalid/eg"}""", "url", "does not resolve")]
    [InlineData("""{}""", "url", "required")]
    [InlineData("""{"url":7}""", "url", "required")]
    [InlineData("""{"url":"http://127.0.0.1:9/eg","segments":[]}""", "segments", "1 to")]
    [InlineData("""{"url":"http://127.0.0.1:9/eg","segments":["ok","no spaces"]}""", "segments[1]", "segment name")]
    [InlineData("""{"url":"http://127.0.0.1:9/eg","enabled":"yes"}""", "enabled", "true or false")]
    [InlineData("""{"url":"http://127.0.0.1:9/eg","secret":"whsec_x"}""", "secret", "not a field")]
    [InlineData("""[]""", "body", "object")]
    public async Task A_bad_destination_is_a_400_naming_the_field_and_nothing_is_stored(string body, string field, string reason)
    {
        using var admin = Host.Client();
        var name = Api.UniqueName("bad");
        using var response = await admin.PutAsync(new Uri($"/v1/destinations/{name}", UriKind.Relative), Api.Json(body));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(field, (string)problem["field"]!);
        Assert.Contains(reason, (string)problem["detail"]!, StringComparison.Ordinal);
        await admin.GetObjectAsync($"/v1/destinations/{name}", HttpStatusCode.NotFound);
        Assert.DoesNotContain(
            (await admin.GetObjectAsync("/v1/destinations"))["destinations"]!.AsArray(), d => (string)d!["name"]! == name);
    }

    [Fact]
    public async Task Bad_names_rotations_and_replays_are_400s_and_missing_destinations_404s()
    {
        using var admin = Host.Client();
        using (var badName = await admin.PutAsync(new Uri("/v1/destinations/no%20spaces", UriKind.Relative), Api.Json("""{"url":"http://127.0.0.1:9/eg"}""")))
        {
            Assert.Equal("name", (string)(await badName.AssertProblemAsync(HttpStatusCode.BadRequest))["field"]!);
        }

        var name = Api.UniqueName("checks");
        await admin.CreateDestinationAsync(name, """{"url":"http://127.0.0.1:9/eg","enabled":false}""");
        foreach (var (path, body, field) in new[]
        {
            ("rotate-secret", """{"overlap":"forever"}""", "overlap"),
            ("rotate-secret", """{"overlap":"31d"}""", "overlap"),
            ("rotate-secret", """{"other":1}""", "other"),
            ("replay", """{"after":3}""", "segment"),
            ("replay", """{"segment":"s","after":-1}""", "after"),
            ("replay", """{"segment":"s","after":"3"}""", "after"),
            ("replay", """{"from":3}""", "from"),
        })
        {
            using var response = await admin.PostAsync(new Uri($"/v1/destinations/{name}/{path}", UriKind.Relative), Api.Json(body));
            Assert.Equal(field, (string)(await response.AssertProblemAsync(HttpStatusCode.BadRequest))["field"]!);
        }

        Assert.Equal("disabled", (string)(await admin.GetObjectAsync($"/v1/destinations/{name}"))["status"]!);
        await DeleteAsync(admin, name);
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, $"/v1/destinations/{name}"), (HttpMethod.Delete, $"/v1/destinations/{name}"),
            (HttpMethod.Post, $"/v1/destinations/{name}/rotate-secret"), (HttpMethod.Post, $"/v1/destinations/{name}/replay"),
            (HttpMethod.Get, $"/v1/destinations/{name}/deliveries"),
        })
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
            using var response = await admin.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using var reader = Host.Client(await ReadKeyAsync(admin));
        using var forbidden = await reader.GetAsync(new Uri("/v1/destinations", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Destination_changes_are_audited()
    {
        using var admin = Host.Client();
        var name = Api.UniqueName("audited");
        await admin.CreateDestinationAsync(name, """{"url":"http://127.0.0.1:9/eg","enabled":false}""");
        using (var rotation = await admin.PostAsync(new Uri($"/v1/destinations/{name}/rotate-secret", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, rotation.StatusCode);
        }

        await DeleteAsync(admin, name);
        var month = fixture.Now.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var entries = (await admin.GetObjectAsync($"/v1/audit?month={month}"))["entries"]!.AsArray()
            .Where(e => (string)e!["target"]! == name).Select(e => $"{e!["action"]} {e["status"]}").ToArray();
        Assert.Equal(["destination.put 201", "destination.rotate 200", "destination.delete 204"], entries);
    }

    private static async Task<string> NewSegmentAsync(HttpClient admin)
    {
        var segment = Api.UniqueName("sms_out");
        await admin.PutReadyAsync("segments", segment, Webhooks.UnsubscribedDefinition(segment));
        return segment;
    }

    private static async Task<string> ReadKeyAsync(HttpClient admin)
    {
        using var response = await admin.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json("""{"scopes":["read"]}"""));
        return (string)(await response.ReadObjectAsync())["key"]!;
    }

    private static async Task DeleteAsync(HttpClient admin, string name)
    {
        using var response = await admin.DeleteAsync(new Uri($"/v1/destinations/{name}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
