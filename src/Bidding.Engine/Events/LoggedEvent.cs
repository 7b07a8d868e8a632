using Bidding.Engine.Tracking;

namespace Bidding.Engine.Events;

/// <summary>An event with its position in its campaign's stream (the stream's sequence number), as a consumer applies it.</summary>
[GenerateSerializer, Alias("bidding.LoggedEvent")]
public sealed record LoggedEvent(long Position, TrackingEvent Event);
