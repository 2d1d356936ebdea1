using System.Text.Json;
using System.Text.Json.Serialization;
using EngagementGrains.Gateway.Catalog;
using EngagementGrains.Gateway.Definitions;
using EngagementGrains.Gateway.Diagnostics;
using EngagementGrains.Gateway.Events;
using EngagementGrains.Gateway.Keys;
using EngagementGrains.Gateway.Problems;
using EngagementGrains.Gateway.Profiles;
using EngagementGrains.Gateway.Segments;
using EngagementGrains.Gateway.Sources;
using EngagementGrains.Gateway.Tracking;

namespace EngagementGrains.Gateway.Serialization;

/// <summary>
/// Compile-time JSON metadata of every request and answer of the API: answers are written without
/// reflection, and the API document is generated from exactly these shapes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(SourceIngestResponse))]
[JsonSerializable(typeof(TrackingResponse))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(CreatedKey))]
[JsonSerializable(typeof(CatalogListing))]
[JsonSerializable(typeof(StoredDefinition))]
[JsonSerializable(typeof(MeasureList))]
[JsonSerializable(typeof(SegmentList))]
[JsonSerializable(typeof(MeasureDefinition))]
[JsonSerializable(typeof(ProcessStats))]
[JsonSerializable(typeof(Profile))]
[JsonSerializable(typeof(Timeline))]
[JsonSerializable(typeof(IdentityGraph))]
[JsonSerializable(typeof(Erasure))]
[JsonSerializable(typeof(Suppression.SuppressionList))]
[JsonSerializable(typeof(Suppression.LiftSuppressionRequest))]
[JsonSerializable(typeof(Suppression.LiftedSuppressions))]
[JsonSerializable(typeof(SegmentMemberPage))]
[JsonSerializable(typeof(MemberExplanation))]
[JsonSerializable(typeof(SegmentChangeMessage))]
[JsonSerializable(typeof(Destinations.DestinationRequest))]
[JsonSerializable(typeof(Destinations.DestinationDescription))]
[JsonSerializable(typeof(Destinations.CreatedDestination))]
[JsonSerializable(typeof(Destinations.DestinationList))]
[JsonSerializable(typeof(Destinations.RotatedSecret))]
[JsonSerializable(typeof(Destinations.ReplayRequest))]
[JsonSerializable(typeof(Destinations.DeliveryList))]
[JsonSerializable(typeof(EventEnvelope))]
[JsonSerializable(typeof(IReadOnlyList<EventEnvelope>))]
[JsonSerializable(typeof(TrackingCall))]
[JsonSerializable(typeof(TrackingBatch))]
[JsonSerializable(typeof(EventError[]))]
[JsonSerializable(typeof(FieldError[]))]
[JsonSerializable(typeof(BadRequestProblem))]
[JsonSerializable(typeof(InvalidDefinitionProblem))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
