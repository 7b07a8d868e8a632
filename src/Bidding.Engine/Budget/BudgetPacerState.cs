using Bidding.Engine.Events;

namespace Bidding.Engine.Budget;

/// <summary>A lease the pacer has granted and not yet seen closed.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.LeaseRecord")]
public sealed class LeaseRecord
{
    public string Silo { get; set; } = "";
    public long AmountMicros { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The campaign-local day the lease was granted for (yyyy-MM-dd).</summary>
    public string Day { get; set; } = "";
}

/// <summary>The persisted ledger of one campaign, in micros of its currency.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Alias("bidding.BudgetPacerState")]
public sealed class BudgetPacerState : ICampaignEventState
{
    public long SettledTotalMicros { get; set; }

    /// <summary>Settled spend by the campaign-local day of the bid.</summary>
    public Dictionary<string, long> SettledByDay { get; set; } = [];

    /// <summary>
    /// Reserved bid prices of closed leases not yet settled or released, by Unix minute of the bid.
    /// A settlement or loss subtracts its bid price (a minute can go below zero while the lease that
    /// reserved it is still open, which only overstates what is committed). A minute is dropped once
    /// no notice for its bids can be accepted any more.
    /// </summary>
    public Dictionary<long, long> PendingByMinute { get; set; } = [];

    public Dictionary<string, LeaseRecord> Leases { get; set; } = [];

    /// <summary>Per silo, the lease it closed last and the grant it got then, so a retried request gets the same answer.</summary>
    public Dictionary<string, LastExchange> LastBySilo { get; set; } = [];

    public PacingState Pacing { get; set; } = new();

    /// <summary>The last settlement or loss applied from the campaign's event stream.</summary>
    public StreamCursor Cursor { get; set; } = new();
}

[GenerateSerializer, Alias("bidding.LastExchange")]
public sealed record LastExchange(string? ClosedLeaseId, LeaseGrant Grant);
