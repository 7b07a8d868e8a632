namespace Bidding.Engine.Models.Training;

/// <summary>How well predictions rank and calibrate: ROC AUC (ties count half) and mean log loss.</summary>
public static class Evaluation
{
    public static double Auc(IReadOnlyList<double> predictions, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, predictions.Count).OrderBy(i => predictions[i]).ToArray();
        // Mann–Whitney: the sum of the positives' ranks (ties share their average rank).
        double rankSum = 0;
        long positives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && predictions[order[end + 1]] == predictions[order[start]])
                end++;
            var averageRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    rankSum += averageRank;
                    positives++;
                }
            }
            start = end + 1;
        }
        var negatives = order.Length - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    public static double LogLoss(IReadOnlyList<double> predictions, IReadOnlyList<bool> labels)
    {
        double sum = 0;
        for (var i = 0; i < predictions.Count; i++)
        {
            var p = Math.Clamp(predictions[i], 1e-15, 1 - 1e-15);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / predictions.Count;
    }
}
