using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>The API reference at <c>/docs</c> and the OpenAPI document behind it: every route, its scope, its answers.</summary>
[Collection(HostCollection.Name)]
public sealed class ApiDocsTests(HostFixture fixture)
{
    // Every route the gateway maps and the scope it needs ("" for any key). A route added to the gateway
    // and to the document but not here fails the test too, so the list keeps up.
    private static readonly (string Method, string Path, string Scope)[] s_routes =
    [
        ("post", "/v1/events", "ingest"),
        ("post", "/v1/track", "ingest"), ("post", "/v1/identify", "ingest"), ("post", "/v1/page", "ingest"),
        ("post", "/v1/screen", "ingest"), ("post", "/v1/group", "ingest"), ("post", "/v1/alias", "ingest"),
        ("post", "/v1/batch", "ingest"),
        ("post", "/v1/t", "ingest"), ("post", "/v1/i", "ingest"), ("post", "/v1/p", "ingest"),
        ("post", "/v1/s", "ingest"), ("post", "/v1/g", "ingest"), ("post", "/v1/a", "ingest"),
        ("post", "/v1/b", "ingest"),
        ("post", "/v1/sources/{source}", "ingest"),
        ("get", "/v1/profiles/lookup", "read"), ("get", "/v1/profiles/{id}", "read"),
        ("get", "/v1/profiles/{id}/timeline", "read"), ("get", "/v1/profiles/{id}/identities", "read"),
        ("delete", "/v1/profiles/{id}", "admin"),
        ("post", "/v1/profiles/{id}/split", "admin"), ("delete", "/v1/profiles/{id}/separations", "admin"),
        ("get", "/v1/catalog", ""),
        ("post", "/v1/keys", "admin"), ("delete", "/v1/keys/{id}", "admin"),
        ("get", "/v1/keys", "admin"), ("get", "/v1/keys/{id}", "admin"), ("post", "/v1/keys/{id}/rotate", "admin"),
        ("get", "/v1/audit", "admin"),
        ("get", "/v1/suppressions", "admin"), ("post", "/v1/suppressions/lift", "admin"),
        ("get", "/v1/measures", "read"), ("get", "/v1/measures/{name}", "read"),
        ("put", "/v1/measures/{name}", "admin"), ("delete", "/v1/measures/{name}", "admin"),
        ("get", "/v1/segments", "read"), ("get", "/v1/segments/{name}", "read"),
        ("put", "/v1/segments/{name}", "admin"), ("delete", "/v1/segments/{name}", "admin"),
        ("get", "/v1/segments/{name}/members", "read"), ("get", "/v1/segments/{name}/members/{id}", "read"),
        ("get", "/v1/segments/{name}/changes", "read"),
        ("get", "/v1/admin/stats", "admin"),
        ("get", "/v1/destinations", "admin"), ("get", "/v1/destinations/{name}", "admin"),
        ("put", "/v1/destinations/{name}", "admin"), ("delete", "/v1/destinations/{name}", "admin"),
        ("post", "/v1/destinations/{name}/rotate-secret", "admin"), ("post", "/v1/destinations/{name}/replay", "admin"),
        ("get", "/v1/destinations/{name}/deliveries", "admin"),
    ];

    [Fact]
    public async Task Docs_serve_a_browsable_reference_without_a_key()
    {
        using var browser = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        using var page = await browser.GetAsync(new Uri("/docs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>EngagementGrains API</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The page's script comes with the Host, not from the internet.
        using var script = await browser.GetAsync(new Uri("/docs/scalar.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task The_document_lists_every_route_with_its_scope_and_problem_answers()
    {
        var document = await DocumentAsync();
        var operations = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Method: o.Key, Path: p.Key, Operation: o.Value!.AsObject())))
            .ToArray();
        Assert.Equal(
            s_routes.Select(r => $"{r.Method} {r.Path}").Order(StringComparer.Ordinal),
            operations.Select(o => $"{o.Method} {o.Path}").Order(StringComparer.Ordinal));

        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        foreach (var (method, path, scope) in s_routes)
        {
            var operation = operations.Single(o => o.Method == method && o.Path == path).Operation;
            var where = $"{method.ToUpperInvariant()} {path}";
            Assert.False(string.IsNullOrEmpty((string?)operation["summary"]), $"{where} has no summary.");

            var security = operation["security"]?.AsArray() ?? [];
            Assert.True(security.Count > 0, $"{where} has no security requirement.");
            foreach (var requirement in security.Select(r => r!.AsObject()))
            {
                var (scheme, roles) = requirement.Single();
                Assert.True(schemes.ContainsKey(scheme), $"{where} names an undefined scheme {scheme}.");
                Assert.Equal(scope.Length == 0 ? [] : [scope], roles!.AsArray().Select(r => (string)r!));
            }

            var responses = operation["responses"]!.AsObject();
            Assert.Contains(responses, r => r.Key.StartsWith('2'));
            foreach (var problem in scope.Length == 0 ? new[] { "401", "503" } : ["401", "403", "503"])
            {
                Assert.True(responses.ContainsKey(problem), $"{where} does not describe its {problem}.");
                Assert.NotNull(responses[problem]!["content"]?["application/problem+json"]);
            }
        }
    }

    [Fact]
    public async Task The_documented_shapes_are_the_answers_shapes()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        using var client = fixture.Host.Client();
        var id = Api.NewId();
        using (var sent = await client.PostEventsAsync(Api.Event("d-1", "EmailSent", id, DateTimeOffset.UtcNow.AddMinutes(-1))))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        AssertShape(schemas, "Profile", await client.GetObjectAsync($"/v1/profiles/{id}"));
        var timeline = await client.GetObjectAsync($"/v1/profiles/{id}/timeline");
        AssertShape(schemas, "Timeline", timeline);
        AssertShape(schemas, "TimelineEvent", timeline["events"]![0]!.AsObject());
        AssertShape(schemas, "IdentityGraph", await client.GetObjectAsync($"/v1/profiles/{id}/identities"));
        AssertShape(schemas, "CatalogListing", await client.GetObjectAsync("/v1/catalog"));
        AssertShape(schemas, "ProcessStats", await client.GetObjectAsync("/v1/admin/stats"));
    }

    // Every member of the answer is a documented property, and every required property is in the answer.
    private static void AssertShape(JsonObject schemas, string name, JsonObject answer)
    {
        var schema = schemas[name]!.AsObject();
        var properties = schema["properties"]!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var required = schema["required"]?.AsArray().Select(r => (string)r!).ToArray() ?? [];
        Assert.All(answer.Select(m => m.Key), member => Assert.True(properties.Contains(member), $"{name} does not document '{member}'."));
        Assert.All(required, member => Assert.True(answer.ContainsKey(member), $"{name} requires '{member}', which the answer lacks."));
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        using var response = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
