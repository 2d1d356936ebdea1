using EngagementGrains.Gateway;
using EngagementGrains.Host.Health;
using EngagementGrains.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddEngagementCommandLine(args);
builder.AddEngagementClock();
builder.AddEngagementOrleans();
builder.AddEngagementTelemetry();
builder.AddEngagementHealthChecks();
builder.Services.AddProblemDetails();
var serveApi = builder.EngagementOptions().ServesApi;
if (serveApi)
{
    builder.Services.AddEngagementGateway();
}

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
if (serveApi)
{
    app.UseAuthentication();
    app.UseAuthorization();
}

app.MapEngagementHealth();
if (serveApi)
{
    app.MapEngagementApi();
}

app.Run();

/// <summary>The entry point, visible to the end-to-end tests.</summary>
public partial class Program;
