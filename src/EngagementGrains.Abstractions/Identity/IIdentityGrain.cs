namespace EngagementGrains.Abstractions.Identity;

/// <summary>One contact point, mapped durably to the individual it belongs to; keyed by <c>IdentityKey.GrainKey</c>, a hash, never the contact point itself.</summary>
public interface IIdentityGrain : IGrainWithStringKey
{
    /// <summary>Returns the owning individual, or null when the contact point is not known.</summary>
    Task<string?> GetIndividualAsync();

    /// <summary>The owner and whether the contact point is suppressed (erased, events naming it are dropped).</summary>
    Task<IdentityOwner> GetOwnerAsync();

    /// <summary>Links the contact point to <paramref name="individualId"/> unless it has an owner; returns the owner, or null when suppressed.</summary>
    Task<string?> LinkAsync(string individualId);

    /// <summary>Moves the contact point to a merge survivor if one of <paramref name="previousOwners"/> still owns it.</summary>
    Task RelinkAsync(IReadOnlyList<string> previousOwners, string survivorId);

    /// <summary>Forgets the contact point (erasure) if one of <paramref name="owners"/> owns it, and suppresses it when asked; true when it did.</summary>
    Task<bool> ForgetAsync(IReadOnlyList<string> owners, bool suppress);

    /// <summary>Lifts a suppression: the contact point is unknown again; true when it was suppressed.</summary>
    Task<bool> LiftSuppressionAsync();
}
