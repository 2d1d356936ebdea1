namespace EngagementGrains.ModelTests.Running;

/// <summary>The engine under test, as processes the model can crash: the embedded Host, or a cluster.</summary>
public interface IModelEngine : IAsyncDisposable
{
    /// <summary>A client for the HTTP API with the admin key.</summary>
    HttpClient Client { get; }

    /// <summary>A client of its own (a change stream holds its connection).</summary>
    HttpClient NewClient();

    /// <summary>How long a check may wait for the engine to agree after a crash (a cluster needs to notice the dead silo).</summary>
    TimeSpan RecoveryDeadline { get; }

    /// <summary>kill -9 of the Host or of one silo, then <paramref name="whileDown"/>, then a restart.</summary>
    Task CrashAsync(int silo, Func<Task> whileDown);

    /// <summary>Starts the kill in the background: for a crash while a request is in flight.</summary>
    Task KillAsync(int silo);

    /// <summary>Starts again what <see cref="KillAsync"/> killed.</summary>
    Task RestartAsync(int silo);
}
