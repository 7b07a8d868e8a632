using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Bidding.Orleans.Streams;

/// <summary>
/// Told by the pulling agent when it gives up on an event after retrying it for the agent's
/// <c>MaxEventDeliveryTime</c>: the queue then moves on (the checkpoint passes the event), so this is
/// the one place an event is dropped, and it is logged as an error. Implicit subscriptions are never
/// faulted: the consumer gets the next events.
/// </summary>
internal sealed partial class EventLogDeliveryFailureHandler(string provider, ILogger<EventLogDeliveryFailureHandler> logger) : IStreamFailureHandler
{
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamId, StreamSequenceToken? sequenceToken)
    {
        LogGaveUp(logger, provider, streamId, sequenceToken, subscriptionId.Guid);
        return Task.CompletedTask;
    }

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamId, StreamSequenceToken? sequenceToken)
    {
        LogSubscriptionFailed(logger, provider, streamId, subscriptionId.Guid);
        return Task.CompletedTask;
    }

    [LoggerMessage(7320, LogLevel.Error, "Event-log streams {Provider}: gave up delivering the event at {Token} of stream {StreamId} to subscription {Subscription}")]
    private static partial void LogGaveUp(ILogger logger, string provider, StreamId streamId, StreamSequenceToken? token, Guid subscription);

    [LoggerMessage(7321, LogLevel.Warning, "Event-log streams {Provider}: subscription {Subscription} to stream {StreamId} could not be set up")]
    private static partial void LogSubscriptionFailed(ILogger logger, string provider, StreamId streamId, Guid subscription);
}
