namespace EngagementGrains.Load.Workload;

/// <summary>The engagement mix: mostly email, then SMS, web, push, commerce and chat, by weight.</summary>
public static class EventMix
{
    public static readonly IReadOnlyList<(string Type, double Weight)> Types =
    [
        ("EmailSent", 30), ("EmailDelivered", 20), ("EmailOpened", 12), ("EmailClicked", 4),
        ("SmsSent", 8), ("SmsDelivered", 6), ("SmsLinkClicked", 2),
        ("PushNotificationSent", 4), ("PushNotificationOpened", 2),
        ("WebsiteVisited", 6), ("FormSubmitted", 1), ("EventCheckIn", 1),
        ("ProductViewed", 2), ("CartUpdated", 1), ("OrderPlaced", 1), ("Purchase", 0.5), ("ChatMessageSent", 1),
    ];

    private static readonly double[] s_cumulative = Cumulative();

    public static string Pick(Random random)
    {
        var x = random.NextDouble() * s_cumulative[^1];
        var i = Array.BinarySearch(s_cumulative, x);
        return Types[i < 0 ? ~i : i].Type;
    }

    private static double[] Cumulative()
    {
        var sums = new double[Types.Count];
        double total = 0;
        for (var i = 0; i < Types.Count; i++)
        {
            total += Types[i].Weight;
            sums[i] = total;
        }

        return sums;
    }
}
