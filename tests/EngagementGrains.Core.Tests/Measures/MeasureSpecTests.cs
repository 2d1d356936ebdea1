using System.Text.Json;
using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Measures;

namespace EngagementGrains.Core.Tests.Measures;

public sealed class MeasureSpecTests
{
    private static (MeasureSpec? Spec, List<DefinitionError> Errors) Parse(string json, string name = "m")
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<DefinitionError>();
        return (MeasureSpec.Parse(name, document.RootElement, errors), errors);
    }

    [Fact]
    public void Parses_the_contract_examples()
    {
        var (opens, e1) = Parse("""{ "event": "EmailOpened", "aggregate": "count", "within": "60d" }""");
        Assert.Empty(e1);
        Assert.Equal(TimeSpan.FromDays(60), opens!.Window.Length);
        var (value, e2) = Parse("""{ "event": ["Purchase", "OrderPlaced"], "aggregate": "sum", "field": "total", "within": "365d", "where": { "currency": { "eq": "USD" } } }""");
        Assert.Empty(e2);
        Assert.Equal(["OrderPlaced", "Purchase"], value!.EventTypes.Order());
        Assert.Equal(WindowKind.Lifetime, Parse("""{"event":"X","aggregate":"count"}""").Spec!.Window.Kind);
        Assert.Equal(WindowKind.Fixed, Parse("""{"event":"X","aggregate":"count","within":{"from":"2026-01-01T00:00:00Z"}}""").Spec!.Window.Kind);
    }

    [Theory]
    [InlineData("""{"event":"X","aggregate":"median"}""", "aggregate", "not an aggregate")]
    [InlineData("""{"event":"X"}""", "aggregate", "is required")]
    [InlineData("""{"aggregate":"count"}""", "event", "is required")]
    [InlineData("""{"event":[],"aggregate":"count"}""", "event", "at least one")]
    [InlineData("""{"event":"X","aggregate":"sum"}""", "field", "required for sum")]
    [InlineData("""{"event":"X","aggregate":"count","within":"30 days"}""", "within", "Nm, Nh or Nd")]
    [InlineData("""{"event":"X","aggregate":"count","within":"0d"}""", "within", "Nm, Nh or Nd")]
    [InlineData("""{"event":"X","aggregate":"count","within":{"from":"2026-02-01T00:00:00Z","to":"2026-01-01T00:00:00Z"}}""", "within", "before")]
    [InlineData("""{"event":"X","aggregate":"count","where":{"total":{"bigger":3}}}""", "where.total.bigger", "not a predicate")]
    [InlineData("""{"event":"X","aggregate":"count","where":{"total":{"between":[1]}}}""", "where.total.between", "two values")]
    [InlineData("""{"event":"X","aggregate":"count","window":"30d"}""", "window", "not a measure property")]
    public void Rejects_invalid_definitions_pointing_at_the_part_at_fault(string json, string path, string message)
    {
        var (spec, errors) = Parse(json);
        Assert.Null(spec);
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_bad_name() =>
        Assert.Equal("name", Assert.Single(Parse("""{"event":"X","aggregate":"count"}""", "has space").Errors).Path);
}
