using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.Logging.Console;

namespace EngagementGrains.Host.Startup;

/// <summary>
/// One line per request at <c>Information</c> (method, path, status, duration) in place of ASP.NET Core's
/// own two, which print the whole URL: a lookup's query string is an email address or a phone number.
/// </summary>
public static class RequestLoggingExtensions
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static WebApplicationBuilder AddEngagementRequestLogging(this WebApplicationBuilder builder)
    {
        // Added after the configuration's rules, so they win over a Logging__LogLevel__ setting for this
        // category; the console's own rule too, as a provider's rule beats a general one.
        builder.Logging.AddFilter(HostingDiagnostics, LogLevel.Warning);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(HostingDiagnostics, LogLevel.Warning);
        builder.Services.AddHttpLogging(logging =>
        {
            // Not RequestQuery, headers or bodies: those carry contact points and keys.
            logging.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            logging.CombineLogs = true;
        });
        return builder;
    }

    public static WebApplication UseEngagementRequestLogging(this WebApplication app)
    {
        app.UseHttpLogging();
        return app;
    }
}
