using System.Text.Json;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Events;

namespace EngagementGrains.Core.Tests.Events;

public sealed class AttributeCoercionTests
{
    private static readonly EventTypeDefinition s_type = new()
    {
        Name = "T",
        Channel = "c",
        Family = "f",
        Fields = new Dictionary<string, FieldType>
        {
            ["total"] = FieldType.Double,
            ["numItems"] = FieldType.Int,
            ["level"] = FieldType.Long,
            ["resolved"] = FieldType.Bool,
            ["name"] = FieldType.String,
            ["paidAt"] = FieldType.DateTime,
            ["products"] = FieldType.Array,
            ["registrationDate"] = FieldType.Object,
        },
    };

    private static (string Json, List<ValidationError> Errors) Write(string attributes)
    {
        using var document = JsonDocument.Parse(attributes);
        var errors = new List<ValidationError>();
        return (AttributeCoercion.Write(document.RootElement, s_type, 3, errors), errors);
    }

    [Fact]
    public void Coerces_the_strings_LivePerson_v1_sends_into_the_catalog_types()
    {
        var (json, errors) = Write("""
            {"total":"11.7","numItems":"6","level":"2","resolved":"true","name":7,"paidAt":"1528636540046",
             "products":[{"price":"7.8"}],"registrationDate":{"year":"2013"},"unknown":{"kept":true},"nothing":null}
            """);
        Assert.Empty(errors);
        Assert.Equal(
            """{"total":11.7,"numItems":6,"level":2,"resolved":true,"name":"7","paidAt":"2018-06-10T13:15:40.046Z","products":[{"price":"7.8"}],"registrationDate":{"year":"2013"},"unknown":{"kept":true},"nothing":null}""",
            json);
    }

    [Theory]
    [InlineData("""{"total":"lots"}""", "attributes.total")]
    [InlineData("""{"numItems":"6.5"}""", "attributes.numItems")]
    [InlineData("""{"numItems":"99999999999"}""", "attributes.numItems")]
    [InlineData("""{"resolved":"maybe"}""", "attributes.resolved")]
    [InlineData("""{"name":{"first":"a"}}""", "attributes.name")]
    [InlineData("""{"products":"none"}""", "attributes.products")]
    [InlineData("""{"registrationDate":"2013-05-23"}""", "attributes.registrationDate")]
    [InlineData("""{"paidAt":"soon"}""", "attributes.paidAt")]
    public void Names_the_attribute_that_does_not_fit_its_type(string attributes, string field)
    {
        var error = Assert.Single(Write(attributes).Errors);
        Assert.Equal(3, error.Index);
        Assert.Equal(field, error.Field);
    }
}
