using EngagementGrains.Core.Time;
using EngagementGrains.Gateway.ApiDocs;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;
using EngagementGrains.Core.Sources;
using EngagementGrains.Gateway.Compression;
using EngagementGrains.Gateway.Cors;
using EngagementGrains.Gateway.Events;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Limits;
using EngagementGrains.Gateway.Segments;
using EngagementGrains.Core.Segments;
using Microsoft.Extensions.Configuration;
using EngagementGrains.Gateway.Problems;
using EngagementGrains.Gateway.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway;

/// <summary>Registers the HTTP gateway: validation, identity resolution, keys and problem answers.</summary>
public static class GatewayServiceCollectionExtensions
{
    public static IServiceCollection AddEngagementGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEngagementLimits(configuration);
        services.AddEngagementCors(configuration);
        services.AddEngagementRequestDecompression();
        services.TryAddSingleton(EngagementClock.Wall);
        services.TryAddSingleton(EventCatalog.Default);
        services.TryAddSingleton(new IdentityNormalizer());
        services.AddSingleton<EventValidator>();
        services.AddSingleton<EventIngestion>();
        services.AddSingleton<ISourceFormat, SalesforceMessageEngagementFormat>();
        services.AddSingleton<ISourceFormat>(sp => new DynamicsInteractionsFormat(sp.GetRequiredService<EventCatalog>()));
        services.AddSingleton<ISourceFormat>(sp => new LivePersonConversationsFormat(sp.GetRequiredService<EventCatalog>()));
        services.AddSingleton<IngestMetrics>();
        services.AddOptions<Core.Destinations.DestinationOptions>().BindConfiguration(Core.Destinations.DestinationOptions.SectionName);
        services.TryAddSingleton<SegmentFeedSignal>();
        services.AddOptions<ChangeFeedOptions>().BindConfiguration(ChangeFeedOptions.SectionName);
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json =>
        {
            // Answers are written from compile-time metadata; anything else (problem extensions) falls back to reflection.
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default);
            // Every route reads its body itself; strict numbers make the document say "integer", not "integer or string".
            json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        services.AddExceptionHandler<UnavailableExceptionHandler>();

        services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.SectionName)
            .PostConfigure(o => o.AdminKey ??= Environment.GetEnvironmentVariable(ApiKeyOptions.AdminKeyVariable));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.Ingest, p => p.RequireClaim(Scopes.ClaimType, Scopes.Ingest, Scopes.Admin))
            .AddPolicy(Scopes.Read, p => p.RequireClaim(Scopes.ClaimType, Scopes.Read, Scopes.Admin))
            .AddPolicy(Scopes.Admin, p => p.RequireClaim(Scopes.ClaimType, Scopes.Admin));
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton<AdminKeyStatus>();
        services.AddHostedService<AdminKeyBootstrap>();
        services.AddEngagementApiDocs();
        return services;
    }
}
