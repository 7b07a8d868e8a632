namespace Bidding.Engine.Events;

/// <summary>
/// Something that takes effect from tracking events (statistics; later budget settlement and
/// creative posteriors). The partition's agent hands every consumer each batch, in order, and moves
/// the checkpoint once all have taken it. A batch can come again (an agent restarted or moved), so
/// a consumer must skip what it has applied: grains do it with the last position applied per partition.
/// </summary>
public interface IEventConsumer
{
    Task DeliverAsync(int partition, IReadOnlyList<LoggedEvent> events);
}
