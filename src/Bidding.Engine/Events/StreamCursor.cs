namespace Bidding.Engine.Events;

/// <summary>
/// The position of the last event a consumer grain applied from its stream (the sequence token's two
/// numbers), persisted with the state the event changed. An event at or before it was applied already:
/// delivery is at least once, and this is what makes each event take effect once.
/// </summary>
/// <remarks>
/// A campaign's stream is always read from the same queue (the partition count is fixed per deployment),
/// so its positions only grow.
/// </remarks>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.stream-cursor")]
public sealed class StreamCursor
{
    public long Sequence { get; set; } = -1;

    public int Index { get; set; }

    /// <summary>Moves to <paramref name="token"/> if it is after this position; false when it was applied already.</summary>
    public bool Advance(StreamSequenceToken? token) =>
        token is null || Advance(token.SequenceNumber, token.EventIndex); // a provider without tokens: nothing to compare

    /// <summary>Moves to (<paramref name="sequence"/>, <paramref name="index"/>) if it is after this position; false when it was applied already.</summary>
    public bool Advance(long sequence, int index)
    {
        if (sequence < Sequence || (sequence == Sequence && index <= Index))
            return false;
        Sequence = sequence;
        Index = index;
        return true;
    }
}
