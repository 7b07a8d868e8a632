using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Bidding.Engine.Auction;
using Bidding.Engine.Campaigns;
using Bidding.Engine.Targeting;
using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Models;

/// <summary>
/// Predicts pCTR (and pCVR for campaigns that buy conversions) for all candidates of an impression:
/// their feature rows (<see cref="FeatureContract"/>) are built once, and each model in use gets one
/// run over the candidates it applies to. Where no model applies, or scoring fails, the prediction is
/// NaN and valuation falls back to the creative's posterior.
/// </summary>
internal sealed class ModelScorer(ModelBook book, IMeterFactory? meters = null) : ICandidatePredictor
{
    private static readonly string[] Numbers = [.. Enumerable.Range(0, 64).Select(i => i.ToString(CultureInfo.InvariantCulture))];
    private readonly Histogram<double>? _duration = meters?.Create(Hosting.EngineMetrics.MeterName).CreateHistogram(
        "bidding.model.scoring.duration", "s", "Time to score one impression's candidates with the bid models (feature rows and every model run).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025] });
    private long _failures;

    /// <summary>Scoring runs that failed (the bid then used the posteriors).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public void Predict(BidRequest request, Imp imp, RequestFeatures features, DateTimeOffset now, ReadOnlySpan<Candidate> candidates, Span<double> ctr, Span<double> cvr)
    {
        ctr.Fill(double.NaN);
        cvr.Fill(double.NaN);
        if (book.IsEmpty || candidates.IsEmpty)
            return;
        var fields = FeatureContract.Count;
        var rows = ArrayPool<ulong>.Shared.Rent(candidates.Length * fields);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var inventory = Inventory(features);
            Span<ulong> common = stackalloc ulong[fields];
            Common(request, imp, features, inventory, now, common);
            for (var i = 0; i < candidates.Length; i++)
            {
                var row = rows.AsSpan(i * fields, fields);
                common.CopyTo(row);
                ref readonly var c = ref candidates[i];
                Own(row, c.Entry.CampaignHash, c.Entry.AdvertiserHash, c.Creative.CreativeHash, c.Creative.FormatHash, c.Creative.CrossPrefix, inventory);
            }
            Score(ModelRole.Pctr, candidates, rows, ctr);
            Score(ModelRole.Pcvr, candidates, rows, cvr);
            if (_duration is { Enabled: true })
                _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rows);
        }
    }

    /// <summary>
    /// The row a candidate is scored with, computed from scratch: what a training log records for an
    /// impression so that a model learns from exactly the features it will be scored on.
    /// </summary>
    public static void Row(BidRequest request, Imp imp, DateTimeOffset now, Campaign campaign, Creative creative, Span<ulong> row)
    {
        var features = RequestFeatures.From(request);
        var inventory = Inventory(features);
        Common(request, imp, features, inventory, now, row);
        Own(row, FeatureContract.Hash(FeatureContract.Campaign, campaign.Id), FeatureContract.Hash(FeatureContract.Advertiser, campaign.AdvertiserId),
            FeatureContract.Hash(FeatureContract.Creative, creative.Id), FeatureContract.Hash(FeatureContract.Format, FeatureContract.FormatOf(creative)),
            FeatureContract.CrossPrefix(creative.Id), inventory);
    }

    /// <summary>The fields that differ between the candidates of one impression.</summary>
    private static void Own(Span<ulong> row, ulong campaign, ulong advertiser, ulong creative, ulong format, ulong crossPrefix, string inventory)
    {
        row[FeatureContract.Campaign] = campaign;
        row[FeatureContract.Advertiser] = advertiser;
        row[FeatureContract.Creative] = creative;
        row[FeatureContract.Format] = format;
        row[FeatureContract.CreativeXInventory] = FeatureContract.Cross(crossPrefix, inventory);
    }

    /// <summary>One run per model in use for <paramref name="role"/>, over the candidates it applies to.</summary>
    private void Score(ModelRole role, ReadOnlySpan<Candidate> candidates, ulong[] rows, Span<double> into)
    {
        var fields = FeatureContract.Count;
        var gathered = ArrayPool<ulong>.Shared.Rent(candidates.Length * fields);
        var members = ArrayPool<int>.Shared.Rent(candidates.Length);
        var probabilities = ArrayPool<float>.Shared.Rent(candidates.Length);
        var done = ArrayPool<bool>.Shared.Rent(candidates.Length);
        try
        {
            done.AsSpan(0, candidates.Length).Clear();
            for (var first = 0; first < candidates.Length; first++)
            {
                if (done[first])
                    continue;
                var model = ModelFor(role, candidates[first]);
                if (model is null)
                {
                    done[first] = true;
                    continue;
                }
                // Every remaining candidate scored by the same model joins this run.
                var count = 0;
                for (var i = first; i < candidates.Length; i++)
                {
                    if (!done[i] && ModelFor(role, candidates[i]) == model)
                    {
                        done[i] = true;
                        members[count] = i;
                        rows.AsSpan(i * fields, fields).CopyTo(gathered.AsSpan(count * fields, fields));
                        count++;
                    }
                }
                try
                {
                    model.Model.Score(gathered.AsSpan(0, count * fields), count, probabilities);
                    for (var k = 0; k < count; k++)
                        into[members[k]] = probabilities[k];
                    if (model.Shadow is { } shadow)
                        Shadow(model, shadow, gathered.AsSpan(0, count * fields), count, probabilities);
                }
                catch (Exception e) when (e is Onnx.OnnxException or ObjectDisposedException)
                {
                    Interlocked.Increment(ref _failures);
                }
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(gathered);
            ArrayPool<int>.Shared.Return(members);
            ArrayPool<float>.Shared.Return(probabilities);
            ArrayPool<bool>.Shared.Return(done);
        }
    }

    /// <summary>Scores the shadow on the same rows and records how far it is from the active model.</summary>
    private static void Shadow(LoadedModel model, BidModel shadow, ReadOnlySpan<ulong> rows, int count, ReadOnlySpan<float> active)
    {
        var shadowed = ArrayPool<float>.Shared.Rent(count);
        try
        {
            shadow.Score(rows, count, shadowed);
            for (var k = 0; k < count; k++)
                model.Comparison.Record(active[k], shadowed[k]);
        }
        catch (Exception e) when (e is Onnx.OnnxException or ObjectDisposedException)
        {
            model.Comparison.RecordFailure();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(shadowed);
        }
    }

    private LoadedModel? ModelFor(ModelRole role, in Candidate candidate) =>
        role == ModelRole.Pcvr && candidate.Entry.Campaign.Goal.Type is not (GoalType.Cpa or GoalType.Roas)
            ? null
            : book.For(candidate.Entry.Campaign.AdvertiserId, role);

    private static string Inventory(RequestFeatures features) =>
        features.IsApp ? "app:" + features.AppBundle : features.SiteDomain is { } domain ? "site:" + domain : "";

    /// <summary>The fields that are the same for every candidate of the impression.</summary>
    private static void Common(BidRequest request, Imp imp, RequestFeatures features, string inventory, DateTimeOffset now, Span<ulong> row)
    {
        var utc = now.UtcDateTime;
        row[FeatureContract.Bias] = FeatureContract.Hash(FeatureContract.Bias, "1");
        row[FeatureContract.Inventory] = FeatureContract.Hash(FeatureContract.Inventory, inventory);
        row[FeatureContract.Publisher] = FeatureContract.Hash(FeatureContract.Publisher, (request.Site?.Publisher ?? request.App?.Publisher)?.Id ?? "");
        row[FeatureContract.DeviceType] = FeatureContract.Hash(FeatureContract.DeviceType, features.DeviceType ?? "");
        row[FeatureContract.Os] = FeatureContract.Hash(FeatureContract.Os, features.Os ?? "");
        row[FeatureContract.Country] = FeatureContract.Hash(FeatureContract.Country, features.Country ?? "");
        row[FeatureContract.Region] = FeatureContract.Hash(FeatureContract.Region, features.Region ?? "");
        row[FeatureContract.Hour] = FeatureContract.Hash(FeatureContract.Hour, Numbers[utc.Hour]);
        row[FeatureContract.Weekday] = FeatureContract.Hash(FeatureContract.Weekday, Numbers[(int)utc.DayOfWeek]);
        var position = imp.Banner?.Pos ?? imp.Video?.Pos;
        row[FeatureContract.Position] = FeatureContract.Hash(FeatureContract.Position, position is >= 0 and < 64 ? Numbers[position.Value] : "");
        row[FeatureContract.Category] = FeatureContract.Hash(FeatureContract.Category, features.Categories.Count > 0 ? features.Categories[0] : "");
        row[FeatureContract.Floor] = FeatureContract.Hash(FeatureContract.Floor, Numbers[Math.Min(63, FeatureContract.FloorBucketOf(imp.Bidfloor ?? 0))]);
        row[FeatureContract.User] = FeatureContract.Hash(FeatureContract.User, features.UserKey is null ? "0" : "1");
    }
}
