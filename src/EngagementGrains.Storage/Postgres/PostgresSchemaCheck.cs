using Orleans.Runtime;

namespace EngagementGrains.Storage.Postgres;

/// <summary>Stops a silo from starting on a database without the schema this build needs.</summary>
public sealed class PostgresSchemaCheck(PostgresDatabase database) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresSchemaCheck), ServiceLifecycleStage.RuntimeInitialize, database.EnsureSchemaAsync);
}
