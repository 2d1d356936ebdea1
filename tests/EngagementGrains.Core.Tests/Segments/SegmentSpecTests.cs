using System.Text.Json;
using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Segments;

namespace EngagementGrains.Core.Tests.Segments;

public sealed class SegmentSpecTests
{
    private static (SegmentSpec? Spec, List<DefinitionError> Errors) Parse(string json, string name = "s")
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<DefinitionError>();
        return (SegmentSpec.Parse(name, document.RootElement, errors), errors);
    }

    [Theory]
    [InlineData("""{ "all": [ { "event": "EmailSent", "within": "30d" }, { "not": { "event": "EmailOpened", "within": "30d" } } ] }""", 2)]
    [InlineData("""{ "event": "SmsLinkClicked", "within": "30d", "count": { "gte": 3 } }""", 1)]
    [InlineData("""{ "measure": "email_opens_60d", "gt": 5 }""", 0)]
    [InlineData("""{ "all": [ { "event": "EmailClicked", "where": { "linkUrl": { "contains": "/product" } } }, { "measure": "lifetime_value", "gte": 500 } ] }""", 1)]
    [InlineData("""{ "attribute": "customerType", "eq": "vip" }""", 0)]
    [InlineData("""{ "consent": "sms", "eq": "unsubscribed" }""", 0)]
    [InlineData("""{ "segment": "high_value" }""", 0)]
    [InlineData("""{ "event": ["Purchase","OrderPlaced"], "aggregate": "sum", "field": "total", "within": "365d", "gte": 100 }""", 1)]
    [InlineData("""{ "any": [ { "not": { "all": [ { "not": { "event": "A" } }, { "attribute": "x", "exists": true } ] } }, { "event": "B" } ] }""", 2)]
    public void Parses_the_contract_examples_into_implicit_measures(string json, int implicitMeasures)
    {
        var (spec, errors) = Parse(json);
        Assert.Empty(errors);
        Assert.Equal(implicitMeasures, spec!.ImplicitMeasures.Count);
        Assert.All(spec.ImplicitMeasures, m => Assert.StartsWith("~s/", m.Name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "all": [] }""", "all")]
    [InlineData("""{ "all": [ { "event": "A" }, { "evnt": "B" } ] }""", "all[1]")]
    [InlineData("""{ "all": [ { "event": "A", "within": "a month" } ] }""", "all[0].within")]
    [InlineData("""{ "not": { "event": "A", "count": { "more": 3 } } }""", "not.count.more")]
    [InlineData("""{ "any": [ { "event": "A", "aggregate": "sum", "field": "total" } ] }""", "any[0]")]
    [InlineData("""{ "event": "A", "aggregate": "sum", "gte": 3 }""", "field")]
    [InlineData("""{ "event": "A", "gte": 3 }""", "")]
    [InlineData("""{ "measure": "m" }""", "")]
    [InlineData("""{ "attribute": "x", "eq": "a", "colour": "red" }""", "colour")]
    [InlineData("""{ "all": [ { "event": "A" } ], "any": [ { "event": "B" } ] }""", "any")]
    [InlineData("""{ "segment": 7 }""", "segment")]
    [InlineData("""[ { "event": "A" } ]""", "")]
    public void Invalid_definitions_point_at_the_part_of_the_JSON_at_fault(string json, string path)
    {
        var (spec, errors) = Parse(json);
        Assert.Null(spec);
        Assert.Contains(errors, e => e.Path == path);
    }

    [Fact]
    public void Cycles_between_segments_are_found()
    {
        var a = Parse("""{ "segment": "b" }""", "a").Spec!;
        var b = Parse("""{ "all": [ { "segment": "c" }, { "event": "X" } ] }""", "b").Spec!;
        var c = Parse("""{ "segment": "a" }""", "c").Spec!;
        var cIndependent = Parse("""{ "event": "Y" }""", "c").Spec!;
        Assert.Null(SegmentSet.TopologicalOrder([a, b, c]));
        Assert.Equal(["c", "b", "a"], SegmentSet.TopologicalOrder([a, b, cIndependent])!.Select(s => s.Name));
    }
}
