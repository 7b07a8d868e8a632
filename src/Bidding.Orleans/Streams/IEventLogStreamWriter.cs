namespace Bidding.Orleans.Streams;

/// <summary>
/// Appends to an event-log stream provider's streams from code that is not a grain and wants to know
/// whether the event was new: an endpoint that must answer a repeated notice the same way but count it
/// once. Resolve it keyed by the provider's name: <c>services.GetRequiredKeyedService&lt;IEventLogStreamWriter&gt;(name)</c>.
/// Events appended here reach the same consumers, in the same order, as <c>stream.OnNextAsync</c>.
/// </summary>
public interface IEventLogStreamWriter
{
    /// <summary>
    /// Appends <paramref name="item"/> to <paramref name="streamId"/> and returns once it is durable.
    /// With an <paramref name="eventId"/>, an event already appended with that id (and not yet purged) is
    /// not appended again.
    /// </summary>
    /// <returns>True if appended now, false if an event with <paramref name="eventId"/> was already in the log.</returns>
    Task<bool> AppendAsync<T>(StreamId streamId, T item, string? eventId = null, CancellationToken cancellationToken = default);

    /// <summary>Appends <paramref name="items"/> as one entry (delivered together, in order); as <see cref="AppendAsync{T}"/> otherwise.</summary>
    Task<bool> AppendBatchAsync<T>(StreamId streamId, IEnumerable<T> items, string? eventId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes to the log's store and returns once the write is durable, or throws: a readiness probe's question
    /// whether events can still be accepted (a full disk, a read-only database). <paramref name="probe"/> names the
    /// prober; each keeps one small row, rewritten by every probe.
    /// </summary>
    Task CheckWritableAsync(string probe, CancellationToken cancellationToken = default);
}
