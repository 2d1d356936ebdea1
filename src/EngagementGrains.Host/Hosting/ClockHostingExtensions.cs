using EngagementGrains.Core.Time;

namespace EngagementGrains.Host.Hosting;

/// <summary>Chooses the domain's clock: the wall clock, or a clock file a test moves (<c>EngagementGrains:ClockFile</c>).</summary>
public static class ClockHostingExtensions
{
    /// <summary>The configuration key naming the clock file.</summary>
    public const string ClockFileKey = $"{EngagementHostOptions.SectionName}:ClockFile";

    public static WebApplicationBuilder AddEngagementClock(this WebApplicationBuilder builder)
    {
        if (builder.Configuration[ClockFileKey] is { Length: > 0 } path)
        {
            builder.Services.AddSingleton(new EngagementClock(new FileTimeProvider(Path.GetFullPath(path))));
        }

        return builder;
    }
}
