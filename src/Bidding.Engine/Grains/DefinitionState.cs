namespace Bidding.Engine.Grains;

/// <summary>Persisted state of a definition grain: the current version of the definition, or null.</summary>
public sealed class DefinitionState<T> where T : class
{
    public T? Value { get; set; }
}
