namespace Bidding.Orleans.Tests.Storage;

/// <summary>The state the grain storage contract suite writes.</summary>
[GenerateSerializer, Alias("Bidding.Orleans.Tests.Storage.ContractState")]
public sealed class ContractState
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public long Count { get; set; }
}
