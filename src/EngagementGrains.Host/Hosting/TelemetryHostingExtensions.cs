using EngagementGrains.Gateway.Events;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EngagementGrains.Host.Hosting;

/// <summary>OpenTelemetry: Orleans, ASP.NET Core and our own meter; exported over OTLP when an endpoint is set.</summary>
public static class TelemetryHostingExtensions
{
    public static WebApplicationBuilder AddEngagementTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("EngagementGrains"))
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.Orleans", IngestMetrics.MeterName)
                .AddAspNetCoreInstrumentation());
        if (IsExporting(builder.Configuration))
        {
            // Traces only when someone collects them: an activity per grain call costs throughput for nothing otherwise.
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddAspNetCoreInstrumentation())
                .UseOtlpExporter();
        }

        return builder;
    }

    public static bool IsExporting(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
}
