namespace EngagementGrains.Client.Profiles;

/// <summary>One contact point to find an individual by, e.g. <c>new ContactPoint("email", "ada@example.com")</c>; normalised as the HTTP lookup does.</summary>
/// <param name="Type">An identity type: <c>email</c>, <c>phone</c>, <c>userId</c>, <c>anonymousId</c>, …</param>
/// <param name="Value">The contact point as given; case and formatting are normalised.</param>
public sealed record class ContactPoint(string Type, string Value);
