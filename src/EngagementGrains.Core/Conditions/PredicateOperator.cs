namespace EngagementGrains.Core.Conditions;

/// <summary>The comparison operators of the measure and segment languages.</summary>
public enum PredicateOperator
{
    Eq,
    Ne,
    In,
    Gt,
    Gte,
    Lt,
    Lte,
    Between,
    Contains,
    StartsWith,
    Exists,
}
