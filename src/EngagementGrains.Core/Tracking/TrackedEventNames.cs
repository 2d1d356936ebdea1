using System.Text;

namespace EngagementGrains.Core.Tracking;

/// <summary>
/// Turns a Segment <c>track</c> event name into an event type: names of Segment's semantic specs
/// (e-commerce, email, push) become the catalog types they mean, so measures and segments written
/// on the catalog see them; any other name becomes a custom type in PascalCase ("Signed Up" becomes
/// <c>SignedUp</c>), and the original name is kept in the <c>event</c> attribute.
/// </summary>
public static class TrackedEventNames
{
    private static readonly Dictionary<string, string> s_specNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Product Viewed"] = "ProductViewed",
        ["Product Clicked"] = "ProductViewed",
        ["Product List Viewed"] = "ProductViewed",
        ["Products Searched"] = "ProductSearched",
        ["Product Added"] = "CartUpdated",
        ["Product Removed"] = "CartUpdated",
        ["Cart Viewed"] = "CartUpdated",
        ["Order Completed"] = "OrderPlaced",
        ["Email Sent"] = "EmailSent",
        ["Email Delivered"] = "EmailDelivered",
        ["Email Opened"] = "EmailOpened",
        ["Email Link Clicked"] = "EmailClicked",
        ["Email Bounced"] = "EmailBounced",
        ["Email Marked as Spam"] = "EmailFeedbackLoop",
        ["Push Notification Sent"] = "PushNotificationSent",
        ["Push Notification Tapped"] = "PushNotificationOpened",
        ["Push Notification Opened"] = "PushNotificationOpened",
        ["Form Submitted"] = "FormSubmitted",
    };

    /// <summary>Returns the event type for a track event name, or null when nothing of the name is usable.</summary>
    public static string? ToType(string name)
    {
        if (s_specNames.TryGetValue(name.Trim(), out var type))
        {
            return type;
        }

        var builder = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-')
            {
                if (builder.Length == 0 && !char.IsAsciiLetter(c))
                {
                    continue;
                }

                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return builder.Length == 0 ? null : builder.ToString(0, Math.Min(builder.Length, 128));
    }
}
