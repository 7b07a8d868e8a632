namespace Bidding.Engine.Tracking;

/// <summary>What a tracking event records. The value is signed into each URL, so one kind of URL cannot be turned into another.</summary>
public enum EventType : byte
{
    Win = 1,
    Billing = 2,
    Loss = 3,
    Impression = 4,
    Click = 5,
    Conversion = 6,
}
