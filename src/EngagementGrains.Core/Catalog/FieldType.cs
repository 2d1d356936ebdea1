namespace EngagementGrains.Core.Catalog;

/// <summary>The type of a known field of a catalog event type.</summary>
public enum FieldType
{
    String,
    Int,
    Long,
    Double,
    Bool,
    DateTime,
    Object,
    Array,
    Any,
}
