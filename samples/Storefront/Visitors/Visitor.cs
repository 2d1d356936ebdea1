using EngagementGrains.Client.Profiles;

namespace Storefront.Visitors;

/// <summary>Who is looking at a page: the browser's anonymous id from its cookie, and an email once given.</summary>
internal sealed record class Visitor(string AnonymousId, string? Email)
{
    /// <summary>The cookie holding the anonymous id for a year.</summary>
    public const string CookieName = "sf_anon";

    /// <summary>The visitor of this request; a new browser gets an anonymous id in a cookie.</summary>
    public static Visitor Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies[CookieName] is not { Length: > 0 } anonymousId)
        {
            anonymousId = Guid.NewGuid().ToString("N");
            context.Response.Cookies.Append(CookieName, anonymousId, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(365),
            });
        }

        var email = context.Request.Query["email"].ToString();
        return new Visitor(anonymousId, email.Length > 0 ? email : null);
    }

    /// <summary>The contact points a page view carries.</summary>
    public Dictionary<string, string> Identities()
    {
        var identities = new Dictionary<string, string>(StringComparer.Ordinal) { ["anonymousId"] = AnonymousId };
        if (Email is not null)
        {
            identities["email"] = Email;
        }

        return identities;
    }

    public ContactPoint Browser => new("anonymousId", AnonymousId);
}
