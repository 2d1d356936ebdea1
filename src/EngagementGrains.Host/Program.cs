using EngagementGrains.Dashboard;
using EngagementGrains.Gateway;
using EngagementGrains.Gateway.Compression;
using EngagementGrains.Gateway.Cors;
using EngagementGrains.Gateway.Limits;
using EngagementGrains.Host.Health;
using EngagementGrains.Host.Hosting;
using EngagementGrains.Host.Startup;
using EngagementGrains.Storage;

var commandLine = EngagementCommandLine.Parse(args);
if (commandLine.AnswersInstead)
{
    return CommandLineHelp.Answer(commandLine, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder([.. commandLine.Arguments]);
builder.AddEngagementCommandLine(commandLine);
if (builder.OptionMistakes() is { Count: > 0 } mistakes)
{
    return CommandLineHelp.Refuse(mistakes, Console.Error);
}

builder.AddEngagementConsole(commandLine);
builder.AddEngagementRequestLogging();
builder.AddEngagementClock();
builder.AddEngagementOrleans();
builder.AddEngagementTelemetry();
builder.AddEngagementHealthChecks();
builder.Services.AddProblemDetails();
var serveApi = builder.EngagementOptions().ServesApi;
if (serveApi)
{
    builder.Services.AddEngagementGateway(builder.Configuration);
    if (builder.EngagementOptions().UsesPostgres)
    {
        // Other processes commit changes to the shared store: their notifications wake this process's streams.
        builder.Services.AddPostgresFeedListener();
    }

    builder.AddEngagementDashboard();
}

var app = builder.Build();
app.UseEngagementRequestLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
if (serveApi)
{
    app.UseEngagementCors();
    app.UseEngagementRequestDecompression();
    app.UseAuthentication();
    app.UseEngagementLimits();
    app.UseAuthorization();
    app.UseEngagementDashboard();
}

app.MapEngagementHealth();
app.MapEngagementMetrics(serveApi);
if (serveApi)
{
    app.MapEngagementApi();
    app.MapEngagementDashboard();
}

return app.RunEngagement();

/// <summary>The entry point, visible to the end-to-end tests.</summary>
public partial class Program;
