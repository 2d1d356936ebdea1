using System.Text;
using System.Text.Json.Nodes;

namespace EngagementGrains.HardeningTests.Fuzzing;

/// <summary>
/// Mutates valid JSON the two ways that find different bugs: in its structure (a field dropped, retyped,
/// renamed, given a hostile value), which reaches deep into validation, and in its bytes, which tests the parser's edges.
/// </summary>
internal sealed class JsonMutator(Random random)
{
    private static readonly string[] s_strings =
    [
        "", " ", "\t", "null", "NaN", "Infinity", "-0", "1e400", "0x10", "2026-13-45T99:99:99Z", "2026-11-20T10:15:00", "1795168500000",
        "99999999999999999999", "not-an-email@", "@example.com", "a@b", "+", "+1", "00", "ind-", "../../etc/passwd", "<script>x</script>",
        "'; DROP TABLE events; --", "\u0000", "\u202e", "\ud83d\ude00", "𝔘ñí©ødé", "\\u0000", "%00", "%s%n", "{}", "[]", "60d", "3651d", "-5d",
        "0d", "lifetime", "EmailOpened", "Order Completed", "sms", "subscribed",
    ];

    public string Mutate(string json)
    {
        var rounds = 1 + random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            try
            {
                json = random.Next(4) == 0 ? MutateBytes(json) : MutateStructure(json);
            }
            catch (Exception error) when (error is ArgumentException or InvalidOperationException)
            {
                // Text the JSON model will not hold (duplicate names, lone surrogates): mutate its bytes instead.
                json = MutateBytes(json);
            }
        }

        return json;
    }

    public JsonNode? HostileValue()
    {
        switch (random.Next(12))
        {
            case 0: return null;
            case 1: return JsonValue.Create(random.Next(2) == 0);
            case 2: return JsonValue.Create(random.Next(6) switch { 0 => 0, 1 => -1, 2 => long.MaxValue, 3 => long.MinValue, 4 => 1_000_000_000_000_000, _ => 9_007_199_254_740_993 });
            case 3: return JsonValue.Create(random.Next(4) switch { 0 => double.MaxValue, 1 => double.Epsilon, 2 => -0.0, _ => 0.1 + random.NextDouble() });
            case 4: return JsonValue.Create(s_strings[random.Next(s_strings.Length)]);
            case 5: return JsonValue.Create(new string((char)('a' + random.Next(26)), random.Next(2) == 0 ? 129 : 40_000));
            case 6: return new JsonArray();
            case 7: return new JsonObject();
            case 8:
                JsonNode deep = new JsonArray();
                for (var d = 0; d < 20 + random.Next(60); d++)
                {
                    deep = new JsonArray(deep);
                }

                return deep;
            case 9: return new JsonArray([.. Enumerable.Range(0, 1 + random.Next(300)).Select(n => (JsonNode?)JsonValue.Create(n))]);
            case 10: return new JsonObject([.. Enumerable.Range(0, 1 + random.Next(300)).Select(n => KeyValuePair.Create($"f{n}", (JsonNode?)JsonValue.Create(n)))]);
            default: return JsonValue.Create(RandomText(1 + random.Next(40)));
        }
    }

    private string MutateStructure(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or ArgumentException)
        {
            return MutateBytes(json);
        }

        if (root is null)
        {
            return json;
        }

        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[random.Next(nodes.Count)];
        switch (target)
        {
            case JsonObject obj when obj.Count > 0:
                var names = obj.Select(p => p.Key).ToArray();
                var name = names[random.Next(names.Length)];
                switch (random.Next(5))
                {
                    case 0:
                        obj.Remove(name);
                        break;
                    case 1:
                        var moved = obj[name];
                        obj.Remove(name);
                        obj[random.Next(2) == 0 ? name.ToUpperInvariant() : name + "x"] = moved;
                        break;
                    case 2:
                        obj["fuzz" + random.Next(1000)] = HostileValue();
                        break;
                    default:
                        obj[name] = HostileValue();
                        break;
                }

                break;
            case JsonArray array when array.Count > 0:
                var index = random.Next(array.Count);
                switch (random.Next(4))
                {
                    case 0:
                        array.RemoveAt(index);
                        break;
                    case 1:
                        array.Add(array[index]?.DeepClone());
                        break;
                    default:
                        array[index] = HostileValue();
                        break;
                }

                break;
            default:
                if (target.Parent is JsonObject parent)
                {
                    parent[target.GetPropertyName()] = HostileValue();
                }
                else if (target.Parent is JsonArray list)
                {
                    list[target.GetElementIndex()] = HostileValue();
                }
                else
                {
                    return HostileValue()?.ToJsonString() ?? "null";
                }

                break;
        }

        return root.ToJsonString();
    }

    private string MutateBytes(string json)
    {
        if (json.Length == 0)
        {
            return RandomText(10);
        }

        var at = random.Next(json.Length);
        return random.Next(5) switch
        {
            0 => json[..at],
            1 => json.Remove(at, Math.Min(json.Length - at, 1 + random.Next(8))),
            2 => json.Insert(at, RandomText(1 + random.Next(4))),
            3 => json[..at] + (char)random.Next(0x20, 0x7f) + json[Math.Min(json.Length, at + 1)..],
            _ => json.Insert(at, json.Substring(at, Math.Min(json.Length - at, 1 + random.Next(40)))),
        };
    }

    private string RandomText(int length)
    {
        const string alphabet = "{}[]\",:\\0123456789abcdefghijklmnopqrstuvwxyz-+.eE \u00e9\u4e2d\ud83d\ude00\u0001\n";
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return text.ToString();
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Collect(child, into);
                    }
                }

                break;
        }
    }
}
