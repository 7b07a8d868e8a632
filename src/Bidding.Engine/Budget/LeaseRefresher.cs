using Bidding.Engine.Auction;
using Bidding.Engine.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bidding.Engine.Budget;

/// <summary>
/// Keeps a lease for every campaign on the bid path, off the bid path: a lease is renewed when half
/// used or about to expire (the old one is closed with its reservations in the same call); a
/// campaign that left the bid path has its lease closed. A renewal that fails is retried with the
/// same closing report, which the pacer answers once.
/// </summary>
internal sealed partial class LeaseRefresher(
    LeaseBook book, BidSnapshotHolder snapshots, IGrainFactory grains, IOptions<BudgetOptions> options, TimeProvider time, ILogger<LeaseRefresher> logger)
    : PeriodicRefresh(time)
{
    private const int Parallelism = 16;
    private readonly BudgetOptions _options = options.Value;
    private readonly Dictionary<string, (string LeaseId, List<MinuteUsage> Usage, LeaseActivity Activity)> _unreported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _retryAt = new(StringComparer.Ordinal);

    protected override TimeSpan Interval => _options.RefreshInterval;

    protected override void OnFailed(Exception exception) => LogRefreshFailed(logger, exception);

    /// <summary>One pass over every campaign: renew what needs renewing, close what left the bid path.</summary>
    public override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in snapshots.Current.Campaigns)
            live.Add(entry.Campaign.Id);
        var due = new List<string>();
        foreach (var campaign in live)
        {
            if (NeedsLease(campaign, now))
                due.Add(campaign);
        }
        foreach (var campaign in book.Campaigns)
        {
            if (!live.Contains(campaign))
                due.Add(campaign);
        }
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (campaign, _) => await RenewAsync(campaign, live.Contains(campaign)));
    }

    private bool NeedsLease(string campaign, DateTimeOffset now)
    {
        lock (_retryAt)
        {
            if (_retryAt.TryGetValue(campaign, out var at) && now < at)
                return false;
        }
        if (book.Current(campaign) is not { } lease)
            return true;
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(lease.ExpiresAtUnixMs);
        return lease.Reserved >= lease.AmountMicros * _options.RenewAtUse || expires - now <= _options.RenewBefore + Spread(campaign);
    }

    /// <summary>The campaign's own share of <see cref="BudgetOptions.RenewSpread"/>: fixed per campaign, spread evenly over campaigns.</summary>
    private TimeSpan Spread(string campaign)
    {
        var rest = _options.LeaseTerm - _options.RenewBefore;
        if (rest <= TimeSpan.Zero)
            return TimeSpan.Zero;
        var fraction = Models.Fnv.Append(Models.Fnv.Offset, campaign) % 1024 / 1024.0;
        return rest * (_options.RenewSpread * fraction);
    }

    private async Task RenewAsync(string campaign, bool live)
    {
        (string LeaseId, List<MinuteUsage> Usage, LeaseActivity Activity)? closing;
        lock (_unreported)
        {
            if (book.Current(campaign) is { } current && !_unreported.ContainsKey(campaign))
            {
                var (usage, activity) = current.Close();
                _unreported[campaign] = (current.Id, usage, activity);
            }
            closing = _unreported.TryGetValue(campaign, out var pending) ? pending : null;
        }
        try
        {
            var grant = await grains.GetGrain<IBudgetPacerGrain>(campaign).AcquireAsync(
                new LeaseRequest(book.Silo, closing?.LeaseId, closing?.Usage ?? [], closing?.Activity));
            lock (_unreported)
                _unreported.Remove(campaign);
            if (!live)
            {
                book.Remove(campaign); // the grant is unused; it expires at the pacer
                return;
            }
            book.Install(campaign, new LocalLease(grant.LeaseId, grant.AmountMicros, grant.ExpiresAt.ToUnixTimeMilliseconds(), grant.Multiplier, grant.Participation)
            {
                Today = (grant.TargetTodayMicros, grant.SpentTodayMicros),
            });
            lock (_retryAt)
            {
                // Nothing granted (budget spent or pacing ahead): ask again a little later, not every pass.
                if (grant.AmountMicros == 0)
                    _retryAt[campaign] = Time.GetUtcNow() + TimeSpan.FromSeconds(1);
                else
                    _retryAt.Remove(campaign);
            }
        }
        catch (Exception e)
        {
            // The old lease stays closed: no bids until a renewal gets through (the pacer may be unreachable).
            LogRenewFailed(logger, campaign, e);
        }
    }

    [LoggerMessage(7001, LogLevel.Warning, "Renewing the budget lease of campaign {CampaignId} failed; it bids no more until a renewal succeeds")]
    private static partial void LogRenewFailed(ILogger logger, string campaignId, Exception exception);

    [LoggerMessage(7002, LogLevel.Error, "A lease refresh pass failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
