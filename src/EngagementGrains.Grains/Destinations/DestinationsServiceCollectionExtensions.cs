using EngagementGrains.Core.Destinations;
using Microsoft.Extensions.DependencyInjection;

namespace EngagementGrains.Grains.Destinations;

/// <summary>Registers webhook delivery on a silo: its options, the sender, metrics and the keep-alive that runs every destination.</summary>
public static class DestinationsServiceCollectionExtensions
{
    public static IServiceCollection AddEngagementDestinations(this IServiceCollection services)
    {
        services.AddOptions<DestinationOptions>().BindConfiguration(DestinationOptions.SectionName);
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<DestinationMetrics>();
        services.AddHostedService<DestinationKeepAlive>();
        return services;
    }
}
