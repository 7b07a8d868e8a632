namespace Bidding.Engine.Events;

/// <summary>
/// Where tracking events travel: one Orleans stream per campaign (namespace <see cref="Namespace"/>, key the
/// campaign id) on the persistent stream provider <see cref="Provider"/>. The campaign's statistics,
/// budget-pacer, creative-arms and shading grains subscribe implicitly, so an event goes straight to the
/// grains that own it.
/// </summary>
public static class EventStreams
{
    public const string Provider = "events";

    public const string Namespace = "campaign-events";

    public static StreamId For(string campaignId) => StreamId.Create(Namespace, campaignId);
}
