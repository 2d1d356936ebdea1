using EngagementGrains.Gateway.Events;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Storage.Tracing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EngagementGrains.Host.Hosting;

/// <summary>
/// OpenTelemetry: Orleans, ASP.NET Core and our own meter, always scrapeable at <c>/metrics</c> and exported
/// over OTLP when an endpoint is set; traces (ours from storage too) over OTLP, and printed on the console
/// with <c>OTEL_TRACES_EXPORTER=console</c>.
/// </summary>
public static class TelemetryHostingExtensions
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string TracesExporterKey = "OTEL_TRACES_EXPORTER";

    public static WebApplicationBuilder AddEngagementTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("EngagementGrains"))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", IngestMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        if (IsExporting(builder.Configuration))
        {
            // Traces only when someone collects them: an activity per grain call costs throughput for nothing otherwise.
            telemetry.WithTracing(tracing =>
            {
                tracing
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", StorageActivities.SourceName)
                    .AddAspNetCoreInstrumentation(http => http.EnrichWithHttpRequest = OmitQuery);
                if (PrintsSpans(builder.Configuration))
                {
                    tracing.AddConsoleExporter();
                }
            });
            if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
            {
                telemetry.UseOtlpExporter();
            }
        }

        return builder;
    }

    /// <summary>
    /// Serves the metrics in Prometheus' text format, left out of the API document (it is for scrapers); with
    /// <see cref="MetricsOptions.RequireAdminKey"/>, only to an admin key.
    /// </summary>
    public static WebApplication MapEngagementMetrics(this WebApplication app, bool servesApi)
    {
        var options = app.Configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new();
        if (options.RequireAdminKey && !servesApi)
        {
            return app;
        }

        var endpoint = app.MapPrometheusScrapingEndpoint(options.Path).ExcludeFromDescription();
        if (options.RequireAdminKey)
        {
            endpoint.RequireScope(Scopes.Admin);
        }

        return app;
    }

    public static bool IsExporting(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]) || PrintsSpans(configuration);

    private static bool PrintsSpans(IConfiguration configuration) =>
        (configuration[TracesExporterKey] ?? "").Split(',', StringSplitOptions.TrimEntries)
            .Contains("console", StringComparer.OrdinalIgnoreCase);

    // A query names a contact point (GET /v1/profiles/lookup?email=…): spans keep the path and the route only.
    private static void OmitQuery(System.Diagnostics.Activity activity, HttpRequest request)
    {
        activity.SetTag("url.query", null);
        activity.SetTag("url.full", null);
    }
}
