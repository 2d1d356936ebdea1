using Orleans.Runtime;

namespace EngagementGrains.Abstractions.Identity;

/// <summary>
/// An event's contact points kept moving between individuals (merges under way) while it was being resolved, before
/// any event of the request was delivered: the request may be sent again as is (the gateway answers 503 with Retry-After).
/// </summary>
[GenerateSerializer, Alias("eg.IdentitiesMovingException")]
public sealed class IdentitiesMovingException : OrleansException
{
    public IdentitiesMovingException()
    {
    }

    public IdentitiesMovingException(string message)
        : base(message)
    {
    }

    public IdentitiesMovingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
