using EngagementGrains.Gateway;
using EngagementGrains.Host.Health;
using EngagementGrains.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddEngagementCommandLine(args);
builder.AddEngagementSilo();
builder.AddEngagementTelemetry();
builder.AddEngagementHealthChecks();
builder.Services.AddEngagementGateway();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapEngagementHealth();
app.MapEngagementApi();
app.Run();

/// <summary>The entry point, visible to the end-to-end tests.</summary>
public partial class Program;
