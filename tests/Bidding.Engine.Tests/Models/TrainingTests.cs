using Bidding.Engine.Models;
using Bidding.Engine.Models.Training;

namespace Bidding.Engine.Tests.Models;

/// <summary>FTRL on examples with known click rates, the metrics, and the ONNX export.</summary>
public sealed class TrainingTests
{
    /// <summary>
    /// Two inventories, half the traffic each, clicked at 10% and 2%, plus a noise field. A perfect
    /// ranker's AUC is P(click from the better one) · P(non-click from the worse one) + half the ties:
    /// (5/6)(0.49/0.94) + ½[(5/6)(0.45/0.94) + (1/6)(0.49/0.94)] = 0.677.
    /// </summary>
    [Fact]
    public void Ftrl_learns_known_click_rates_and_the_onnx_export_predicts_the_same()
    {
        var random = new Random(11);
        var examples = new List<Example>();
        for (var i = 0; i < 40_000; i++)
        {
            var good = random.Next(2) == 0;
            var row = new ulong[3];
            row[0] = FeatureContract.Hash(FeatureContract.Bias, "1");
            row[1] = FeatureContract.Hash(FeatureContract.Inventory, good ? "site:good.example" : "site:poor.example");
            row[2] = FeatureContract.Hash(FeatureContract.Hour, random.Next(24).ToString(System.Globalization.CultureInfo.InvariantCulture));
            examples.Add(new Example(row, random.NextDouble() < (good ? 0.10 : 0.02)));
        }
        var report = ModelTraining.Run(new TrainingSet("test", ["bias", "inventory", "hour"], examples), new TrainingOptions { HashBits = 12 });

        Assert.InRange(report.Auc, 0.677 - 0.03, 0.677 + 0.03);
        Assert.True(report.LogLoss < report.BaselineLogLoss, $"log loss {report.LogLoss} should beat the base rate's {report.BaselineLogLoss}");
        Assert.True(report.MaxExportDifference < 1e-5, $"ONNX Runtime differs from the trainer by {report.MaxExportDifference}");
    }

    [Fact]
    public void Auc_counts_ties_as_half_and_log_loss_is_the_mean()
    {
        Assert.Equal(1.0, Evaluation.Auc([0.1, 0.9], [false, true]));
        Assert.Equal(0.0, Evaluation.Auc([0.9, 0.1], [false, true]));
        Assert.Equal(0.5, Evaluation.Auc([0.5, 0.5], [false, true]));
        Assert.Equal(0.875, Evaluation.Auc([0.1, 0.5, 0.5, 0.9], [false, false, true, true]), 10); // 3.5 of 4 pairs
        Assert.Equal(-(Math.Log(0.8) + Math.Log(0.6)) / 2, Evaluation.LogLoss([0.8, 0.4], [true, false]), 10);
    }
}
