namespace Bidding.Engine.Models;

/// <summary>What a model predicts: the click rate of an impression, or the conversion rate of a click.</summary>
public enum ModelRole
{
    Pctr,
    Pcvr,
}

/// <summary>Scopes: one global model per role, and optionally one per advertiser, which its campaigns use instead.</summary>
public static class ModelScopes
{
    public const string Global = "global";

    public static string Key(string scope, ModelRole role) => $"{scope}/{role.ToString().ToLowerInvariant()}";
}
