using System.Text;
using System.Text.Json.Nodes;

namespace EngagementGrains.HardeningTests.Fuzzing;

/// <summary>
/// Makes requests for every route that takes input: most are mutations of valid examples (the seeds' exports,
/// Segment calls, canonical events, definitions), the rest generated from the contract's shapes with hostile
/// values, and a few with the wrong key, no key, or the wrong content type.
/// </summary>
internal sealed class RequestFuzzer
{
    private static readonly string[] s_sources = ["salesforce-message-engagement", "dynamics-interactions", "liveperson-conversations"];
    private static readonly string[] s_callTypes = ["track", "identify", "page", "screen", "group", "alias"];
    private static readonly string[] s_names = ["fz_a", "fz_b", "fz.c", "fz-d", "", "a b", "ä", new string('n', 65), "..", "%2e", "x?y"];
    private static readonly string[] s_types = ["EmailOpened", "EmailSent", "SmsLinkClicked", "OrderPlaced", "CustomerInfo", "ConsentUpdated", "Custom_1", "1bad", ""];
    private static readonly string[] s_identityTypes = ["email", "phone", "customerId", "userId", "anonymousId", "deviceId", "imei", "nope"];

    private readonly Random _random;
    private readonly JsonMutator _mutator;
    private readonly JsonArray _events;
    private readonly JsonObject _calls;
    private readonly Dictionary<string, string> _exports;
    private readonly JsonArray _measures;
    private readonly JsonArray _segments;
    private int _serial;

    public RequestFuzzer(int seed, string seedDirectory)
    {
        _random = new Random(seed);
        _mutator = new JsonMutator(_random);
        string Read(string name) => File.ReadAllText(Path.Combine(seedDirectory, name));
        _events = JsonNode.Parse(Read("events.json"))!.AsArray();
        _calls = JsonNode.Parse(Read("tracking.json"))!.AsObject();
        _exports = s_sources.ToDictionary(s => s, s => Read(s + ".json"));
        var definitions = JsonNode.Parse(Read("definitions.json"))!.AsObject();
        _measures = definitions["measures"]!.AsArray();
        _segments = definitions["segments"]!.AsArray();
    }

    public FuzzRequest Next()
    {
        _serial++;
        var request = _random.Next(20) switch
        {
            < 6 => Events(),
            < 10 => Tracking(),
            < 12 => Source(),
            < 14 => Definition(),
            14 => _random.Next(2) == 0 ? Keys() : Lift(),
            _ => Read(),
        };

        // Now and then the wrong key, no key, or a body that says it is something else.
        return _random.Next(25) switch
        {
            0 => request with { Key = FuzzKey.None },
            1 => request with { Key = FuzzKey.Unknown },
            2 => request with { Key = request.Key == FuzzKey.Admin ? FuzzKey.Read : FuzzKey.Admin },
            3 when request.Body is not null => request with { ContentType = _random.Next(2) == 0 ? "text/plain" : null },
            4 when request.Body is { Length: > 0 } body => request with { Body = [.. body[..(body.Length / 2)], (byte)(_random.Next(2) == 0 ? 0xFF : 0xC3), .. body[(body.Length / 2)..]] },
            _ => request,
        };
    }

    private FuzzRequest Events()
    {
        string body;
        var origin = "generated";
        if (_random.Next(3) == 0)
        {
            body = GeneratedEvent().ToJsonString();
        }
        else
        {
            var events = new JsonArray([.. Enumerable.Range(0, 1 + _random.Next(4)).Select(_ => Tagged(_events[_random.Next(_events.Count)]!.DeepClone().AsObject(), "eventId"))]);
            body = _mutator.Mutate(_random.Next(3) == 0 ? events[0]!.ToJsonString() : events.ToJsonString());
            origin = "mutated events";
        }

        return new FuzzRequest(HttpMethod.Post, "/v1/events", Encoding.UTF8.GetBytes(body), "application/json", FuzzKey.Ingest, origin);
    }

    private JsonObject GeneratedEvent()
    {
        var e = new JsonObject
        {
            ["eventId"] = _random.Next(10) == 0 ? _mutator.HostileValue() : $"{Tag}g",
            ["type"] = _random.Next(10) == 0 ? _mutator.HostileValue() : s_types[_random.Next(s_types.Length)],
            ["occurredAt"] = _random.Next(5) == 0 ? _mutator.HostileValue()
                : DateTimeOffset.UtcNow.AddMinutes(-_random.Next(100_000)).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (_random.Next(2) == 0)
        {
            e["individualId"] = _random.Next(8) == 0 ? _mutator.HostileValue() : $"ind-fz{_random.Next(200)}";
        }
        else
        {
            var identities = new JsonObject();
            for (var i = 0; i < 1 + _random.Next(3); i++)
            {
                var type = s_identityTypes[_random.Next(s_identityTypes.Length)];
                identities[type] = _random.Next(6) == 0 ? _mutator.HostileValue() : type switch
                {
                    "email" => $"p{_random.Next(300)}@fuzz.example.com",
                    "phone" => $"+1555{_random.Next(1_000_000):000000}0",
                    _ => $"{type}-{_random.Next(300)}",
                };
            }

            e["identities"] = identities;
        }

        var attributes = new JsonObject();
        for (var i = 0; i < _random.Next(5); i++)
        {
            attributes[_random.Next(2) == 0 ? "total" : $"a{i}"] = _mutator.HostileValue();
        }

        e["attributes"] = attributes;
        return e;
    }

    private FuzzRequest Tracking()
    {
        var names = _calls.Select(c => c.Key).ToArray();
        if (_random.Next(3) == 0)
        {
            var batch = new JsonObject
            {
                ["batch"] = new JsonArray([.. Enumerable.Range(0, 1 + _random.Next(4)).Select(_ => Tagged(_calls[names[_random.Next(names.Length)]]!.DeepClone().AsObject(), "messageId"))]),
                ["sentAt"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            };
            return new FuzzRequest(HttpMethod.Post, "/v1/batch", Encoding.UTF8.GetBytes(_mutator.Mutate(batch.ToJsonString())), "application/json", FuzzKey.Ingest, "mutated batch");
        }

        var callType = s_callTypes[_random.Next(s_callTypes.Length)];
        var call = Tagged(_calls[callType]!.DeepClone().AsObject(), "messageId");
        return new FuzzRequest(HttpMethod.Post, "/v1/" + callType, Encoding.UTF8.GetBytes(_mutator.Mutate(call.ToJsonString())), "application/json", FuzzKey.Ingest, "mutated " + callType);
    }

    private FuzzRequest Source()
    {
        var source = _random.Next(20) == 0 ? "nope" : s_sources[_random.Next(s_sources.Length)];
        // Each record's id carries the request's tag, as the events it maps to do.
        var export = _exports.TryGetValue(source, out var seed) ? seed.Replace("\"sf-", $"\"{Tag}sf-", StringComparison.Ordinal)
            .Replace("\"dx-", $"\"{Tag}dx-", StringComparison.Ordinal).Replace("\"e5c58e49-", $"\"{Tag}e5c58e49-", StringComparison.Ordinal) : "{}";
        var body = _mutator.Mutate(export);
        return new FuzzRequest(HttpMethod.Post, "/v1/sources/" + source, Encoding.UTF8.GetBytes(body), "application/json", FuzzKey.Ingest, "mutated export");
    }

    private FuzzRequest Definition()
    {
        var measure = _random.Next(2) == 0;
        var pool = measure ? _measures : _segments;
        var name = s_names[_random.Next(s_names.Length)];
        var path = $"/v1/{(measure ? "measures" : "segments")}/{Uri.EscapeDataString(name)}";
        if (_random.Next(8) == 0)
        {
            return new FuzzRequest(HttpMethod.Delete, path, null, null, FuzzKey.Admin, "delete");
        }

        var body = _mutator.Mutate(pool[_random.Next(pool.Count)]!.ToJsonString());
        return new FuzzRequest(HttpMethod.Put, path, Encoding.UTF8.GetBytes(body), "application/json", FuzzKey.Admin, "mutated definition");
    }

    private FuzzRequest Keys()
    {
        var body = _mutator.Mutate("""{"scopes":["ingest","read"]}""");
        return new FuzzRequest(HttpMethod.Post, "/v1/keys", Encoding.UTF8.GetBytes(body), "application/json", FuzzKey.Admin, "mutated key");
    }

    private FuzzRequest Lift()
    {
        var body = _mutator.Mutate("""{"identities":{"email":"p1@fuzz.example.com","phone":"+15550001"},"keys":["email#0123456789abcdef0123456789abcdef"]}""");
        return new FuzzRequest(HttpMethod.Post, "/v1/suppressions/lift", Encoding.UTF8.GetBytes(body), "application/json", FuzzKey.Admin, "mutated lift");
    }

    private FuzzRequest Read()
    {
        string Value() => Uri.EscapeDataString(_random.Next(3) == 0 ? (_mutator.HostileValue()?.ToJsonString() ?? "") : _random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var id = _random.Next(4) == 0 ? Value() : $"ind-fz{_random.Next(200)}";
        var path = _random.Next(7) switch
        {
            0 => $"/v1/profiles/{id}/timeline?limit={Value()}&types={Value()}&from={Value()}&to={Value()}",
            1 => $"/v1/profiles/{id}/timeline?cursor={Value()}",
            2 => $"/v1/profiles/lookup?{s_identityTypes[_random.Next(s_identityTypes.Length)]}={Value()}",
            3 => $"/v1/profiles/lookup?email=p{_random.Next(300)}%40fuzz.example.com&phone={Value()}",
            4 => $"/v1/segments/{s_names[_random.Next(s_names.Length)]}/members?limit={Value()}&cursor={Value()}",
            5 => $"/v1/profiles/{id}/identities",
            _ => $"/v1/segments/{Uri.EscapeDataString(s_names[_random.Next(s_names.Length)])}/members/{id}",
        };
        return new FuzzRequest(HttpMethod.Get, path, null, null, FuzzKey.Read, "generated read");
    }

    /// <summary>The tag in every id a request carries: a stored event with a rejected request's tag is a defect.</summary>
    /// <remarks>A check number follows the serial, so a mutation that changes the digits does not make another request's tag.</remarks>
    public static string TagOf(int serial) => $"fz{serial}k{Check(serial)}-";

    /// <summary>The check number of a serial in its tag.</summary>
    public static int Check(int serial) => (int)((serial * 7919L + 13) % 9973);

    /// <summary>The serial of the request the last <see cref="Next"/> made.</summary>
    public int Serial => _serial;

    private string Tag => TagOf(_serial);

    // A fresh id per request, so a mutated copy of a seed is not merely a duplicate of the last one.
    private JsonObject Tagged(JsonObject node, string idField)
    {
        node[idField] = $"{Tag}{_random.Next(1_000_000)}";
        return node;
    }
}
