using EngagementGrains.Core.Catalog;

namespace EngagementGrains.Core.Sources;

/// <summary>The native source formats, found by their route name.</summary>
public static class SourceFormats
{
    private static readonly Lazy<IReadOnlyList<ISourceFormat>> s_default = new(() => Create(EventCatalog.Default));

    /// <summary>Every format, reading the embedded catalog.</summary>
    public static IReadOnlyList<ISourceFormat> All => s_default.Value;

    /// <summary>Every format, reading <paramref name="catalog"/>.</summary>
    public static IReadOnlyList<ISourceFormat> Create(EventCatalog catalog) =>
    [
        new SalesforceMessageEngagementFormat(),
        new DynamicsInteractionsFormat(catalog),
        new LivePersonConversationsFormat(catalog),
    ];

    /// <summary>The format named <paramref name="name"/> (the route segment), or null.</summary>
    public static ISourceFormat? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
