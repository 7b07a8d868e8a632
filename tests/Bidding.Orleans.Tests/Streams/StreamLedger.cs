using Orleans.Streams;

namespace Bidding.Orleans.Tests.Streams;

/// <summary>One stream's deliveries and applications in the <see cref="Ledger"/>, and the faults its consumer is told to show.</summary>
internal sealed class StreamLedger
{
    private readonly Lock _gate = new();
    private readonly List<(int Sequence, long Position, int Index)> _deliveries = [];
    private readonly List<int> _applied = [];
    private readonly HashSet<int> _failOnce = [];
    private (long Position, int Index) _last;
    private int _holdAt;
    private TaskCompletionSource? _hold;

    /// <summary>Every delivery, repeats included, in arrival order.</summary>
    public List<(int Sequence, long Position, int Index)> Deliveries
    {
        get
        {
            lock (_gate)
                return [.. _deliveries];
        }
    }

    /// <summary>The sequences applied, in the order they were applied.</summary>
    public List<int> Applied
    {
        get
        {
            lock (_gate)
                return [.. _applied];
        }
    }

    public int AppliedCount
    {
        get
        {
            lock (_gate)
                return _applied.Count;
        }
    }

    /// <summary>The first delivery of <paramref name="sequence"/> throws (the consumer fails once).</summary>
    public void FailOnce(int sequence)
    {
        lock (_gate)
            _failOnce.Add(sequence);
    }

    /// <summary>
    /// The first delivery of <paramref name="sequence"/> never completes before <see cref="Release"/>, and then
    /// fails without applying: the consumer is stuck there when its silo dies.
    /// </summary>
    public void HoldAt(int sequence)
    {
        lock (_gate)
        {
            _holdAt = sequence;
            _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public bool IsHeld
    {
        get
        {
            lock (_gate)
                return _hold is not null && _deliveries.Exists(d => d.Sequence == _holdAt);
        }
    }

    public void Release() => _hold?.TrySetResult();

    public async Task DeliverAsync(LedgerEvent item, StreamSequenceToken token)
    {
        Task? held = null;
        lock (_gate)
        {
            var firstDelivery = !_deliveries.Exists(d => d.Sequence == item.Sequence);
            _deliveries.Add((item.Sequence, token.SequenceNumber, token.EventIndex));
            if (firstDelivery && _failOnce.Contains(item.Sequence))
                throw new InvalidOperationException($"Consumer fails once on {item.Sequence}.");
            if (firstDelivery && _hold is not null && item.Sequence == _holdAt)
                held = _hold.Task;
            else if ((token.SequenceNumber, token.EventIndex).CompareTo(_last) > 0)
            {
                _applied.Add(item.Sequence);
                _last = (token.SequenceNumber, token.EventIndex);
            }
        }
        if (held is not null)
        {
            await held;
            throw new InvalidOperationException("A held delivery is abandoned, not applied.");
        }
    }
}
