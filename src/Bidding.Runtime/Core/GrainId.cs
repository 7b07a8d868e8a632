namespace Bidding.Runtime.Core;

/// <summary>The identity of a virtual actor: its grain type name and its key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
