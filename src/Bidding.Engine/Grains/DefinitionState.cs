namespace Bidding.Engine.Grains;

/// <summary>Persisted state of a definition grain: the current version of the definition, or null once deleted.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.definition-state`1")]
public sealed class DefinitionState<T> where T : class
{
    public T? Value { get; set; }

    /// <summary>The revision of the last change, kept when the value is deleted so a deletion orders after it.</summary>
    public long Revision { get; set; }
}
