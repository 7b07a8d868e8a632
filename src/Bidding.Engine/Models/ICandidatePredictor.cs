using Bidding.Engine.Auction;
using Bidding.Engine.Targeting;
using Bidding.OpenRtb.Request;

namespace Bidding.Engine.Models;

/// <summary>
/// Predicts pCTR and pCVR for an impression's candidates (NaN where it has no prediction, and the
/// creative's posterior is used). <see cref="ModelScorer"/> scores the registry's ONNX models; a replay
/// of logged predictions plugs in here too.
/// </summary>
internal interface ICandidatePredictor
{
    void Predict(BidRequest request, Imp imp, RequestFeatures features, DateTimeOffset now, ReadOnlySpan<Candidate> candidates, Span<double> ctr, Span<double> cvr);
}
