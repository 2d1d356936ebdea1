using System.Text.Json.Serialization;

namespace EngagementGrains.ModelTests.Operations;

/// <summary>One thing a user or an operator does to the engine; a history is a list of these.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op")]
[JsonDerivedType(typeof(SendEvents), "send")]
[JsonDerivedType(typeof(JoinPeople), "join")]
[JsonDerivedType(typeof(SplitPerson), "split")]
[JsonDerivedType(typeof(ErasePerson), "erase")]
[JsonDerivedType(typeof(LiftSuppression), "lift")]
[JsonDerivedType(typeof(PutDefinition), "put")]
[JsonDerivedType(typeof(DeleteDefinition), "delete")]
[JsonDerivedType(typeof(AdvanceClock), "advance")]
[JsonDerivedType(typeof(CrashHost), "crash")]
public abstract record Operation;
