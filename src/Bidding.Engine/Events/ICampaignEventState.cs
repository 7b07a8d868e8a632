namespace Bidding.Engine.Events;

/// <summary>The state of a grain fed by its campaign's event stream: it carries the position applied last.</summary>
public interface ICampaignEventState
{
    StreamCursor Cursor { get; }
}
