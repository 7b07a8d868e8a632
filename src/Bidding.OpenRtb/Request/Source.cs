using System.Text.Json;

namespace Bidding.OpenRtb.Request;

/// <summary>OpenRTB 2.6 §3.2.2: the entity that decides the sale and the supply chain to it.</summary>
public sealed class Source
{
    public int? Fd { get; set; }
    public string? Tid { get; set; }
    public string? Pchain { get; set; }
    public SupplyChain? Schain { get; set; }
    public JsonElement? Ext { get; set; }
}

/// <summary>The SupplyChain object: every hop selling the impression.</summary>
public sealed class SupplyChain
{
    public int? Complete { get; set; }
    public List<SupplyChainNode>? Nodes { get; set; }
    public string? Ver { get; set; }
    public JsonElement? Ext { get; set; }
}

/// <summary>One seller in a <see cref="SupplyChain"/>.</summary>
public sealed class SupplyChainNode
{
    public string? Asi { get; set; }
    public string? Sid { get; set; }
    public string? Rid { get; set; }
    public string? Name { get; set; }
    public string? Domain { get; set; }
    public int? Hp { get; set; }
    public JsonElement? Ext { get; set; }
}
