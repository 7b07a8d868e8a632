namespace Bidding.Engine.Tracking;

/// <summary>Events are partitioned by campaign, so one campaign's events are read in order by one agent.</summary>
public static class EventPartitioner
{
    public static int PartitionOf(string campaignId, int partitions)
    {
        var hash = 2166136261u;
        foreach (var c in campaignId)
            hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)partitions);
    }
}
