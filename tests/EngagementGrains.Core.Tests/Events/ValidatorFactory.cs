using EngagementGrains.Core.Time;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;
using Microsoft.Extensions.Time.Testing;

namespace EngagementGrains.Core.Tests.Events;

internal static class ValidatorFactory
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static EventValidator Create(EventLimits? limits = null) =>
        new(EventCatalog.Default, new IdentityNormalizer(), limits ?? new EventLimits(), new EngagementClock(new FakeTimeProvider(Now)));
}
