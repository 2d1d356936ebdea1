using System.Net;
using EngagementGrains.Client;
using EngagementGrains.Client.Tracking;
using Microsoft.Extensions.Options;
using Storefront.Visitors;

namespace Storefront.Pages;

/// <summary>The shop's pages: each view is tracked before the page is drawn, so the banner reflects this very view.</summary>
internal static class StorefrontPages
{
    private static readonly string[] s_products = ["teapot", "kettle", "mug"];

    public static WebApplication MapStorefrontPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", (HttpContext context, IEngagementClient engagement, IOptions<StorefrontOptions> options) =>
            RenderAsync(context, engagement, options.Value, "Storefront", "/"));
        app.MapGet("/products/{name}", (string name, HttpContext context, IEngagementClient engagement, IOptions<StorefrontOptions> options) =>
            s_products.Contains(name)
                ? RenderAsync(context, engagement, options.Value, $"Our {name}", $"/products/{name}")
                : Task.FromResult(Results.NotFound()));
        return app;
    }

    private static async Task<IResult> RenderAsync(HttpContext context, IEngagementClient engagement, StorefrontOptions options, string title, string path)
    {
        var visitor = Visitor.Of(context);
        try
        {
            await engagement.TrackAsync(
            [
                new TrackedEvent
                {
                    // Each view is its own event; a retried request is a new view, as a reload is.
                    EventId = Guid.NewGuid().ToString("N"),
                    Type = "WebsiteVisited",
                    OccurredAt = DateTimeOffset.UtcNow,
                    Identities = visitor.Identities(),
                    Attributes = new Dictionary<string, object?> { ["pageUrl"] = path },
                },
            ]);
        }
        catch (EventsRejectedException rejected)
        {
            // An email the engine refuses (mistyped in the link) is the visitor's mistake: say so, not 500.
            return Results.Content(Page(title, $"<p class=\"error\">{WebUtility.HtmlEncode(rejected.Errors[0].Message)}</p>", null), "text/html");
        }

        var banner = await engagement.IsMemberAsync(options.BannerSegment, visitor.Browser) ? options.BannerText : null;
        var links = string.Join("", s_products.Select(p => $"<li><a href=\"/products/{p}\">{p}</a></li>"));
        return Results.Content(Page(title, $"<ul>{links}</ul>", banner), "text/html");
    }

    private static string Page(string title, string body, string? banner) =>
        $"""
        <!doctype html>
        <html><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title></head>
        <body>
        {(banner is null ? "" : $"<div id=\"banner\">{WebUtility.HtmlEncode(banner)}</div>")}
        <h1>{WebUtility.HtmlEncode(title)}</h1>
        {body}
        </body></html>
        """;
}
