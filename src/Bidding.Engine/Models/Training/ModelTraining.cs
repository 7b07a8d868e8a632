using Bidding.Onnx;

namespace Bidding.Engine.Models.Training;

/// <summary>Settings of a training run.</summary>
public sealed record TrainingOptions
{
    public int HashBits { get; init; } = 18;
    public int Epochs { get; init; } = 1;
    public double TestFraction { get; init; } = 0.2;
    public double Alpha { get; init; } = 0.05;
    public double Beta { get; init; } = 1.0;
    public double L1 { get; init; } = 1.0;
    public double L2 { get; init; } = 1.0;
}

/// <summary>What a run produced: the model, and how it did on the held-out examples (the last part of the log).</summary>
public sealed record TrainingReport(byte[] Model, int TrainExamples, int TestExamples, int TestClicks, double Auc, double LogLoss, double BaselineLogLoss, double MaxExportDifference);

/// <summary>
/// Trains the hashed logistic model with FTRL on the first part of a log (in order), evaluates it on
/// the rest, exports it to ONNX and checks that ONNX Runtime gives the same predictions as the trainer.
/// </summary>
public static class ModelTraining
{
    public static TrainingReport Run(TrainingSet data, TrainingOptions options)
    {
        var split = (int)Math.Round(data.Examples.Count * (1 - options.TestFraction));
        if (split <= 0 || split >= data.Examples.Count)
            throw new ArgumentException($"{data.Examples.Count} examples cannot be split {1 - options.TestFraction:P0} / {options.TestFraction:P0}");
        var trainer = new FtrlTrainer(options.HashBits, options.Alpha, options.Beta, options.L1, options.L2);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (var i = 0; i < split; i++)
                trainer.Learn(data.Examples[i].Hashes, data.Examples[i].Clicked);
        }
        var test = data.Examples.Skip(split).ToList();
        var predictions = test.Select(e => trainer.Predict(e.Hashes)).ToList();
        var labels = test.Select(e => e.Clicked).ToList();
        var trainRate = data.Examples.Take(split).Count(e => e.Clicked) / (double)split;

        var model = LogisticModel.Export(trainer.Weights(), 0, options.HashBits, data.Fields.Count, data.Features,
            new Dictionary<string, string> { ["bidding.trained_on"] = $"{split} examples, FTRL α={options.Alpha} β={options.Beta} λ1={options.L1} λ2={options.L2}" });
        return new TrainingReport(model, split, test.Count, labels.Count(l => l), Evaluation.Auc(predictions, labels), Evaluation.LogLoss(predictions, labels),
            Evaluation.LogLoss([.. test.Select(_ => trainRate)], labels), MaxDifference(model, test, predictions, options.HashBits));
    }

    /// <summary>
    /// Blocked k-fold cross-validation in log order: each fold of consecutive examples is held out once
    /// while the model trains on all the others. Pooled over the folds, every click is tested once, which
    /// a small log needs. Returns the pooled AUC and log loss and the AUC of each fold.
    /// </summary>
    public static (double Auc, double LogLoss, int Clicks, double[] FoldAucs) CrossValidate(TrainingSet data, TrainingOptions options, int folds)
    {
        var predictions = new List<double>();
        var labels = new List<bool>();
        var foldAucs = new double[folds];
        for (var fold = 0; fold < folds; fold++)
        {
            var start = data.Examples.Count * fold / folds;
            var end = data.Examples.Count * (fold + 1) / folds;
            var trainer = new FtrlTrainer(options.HashBits, options.Alpha, options.Beta, options.L1, options.L2);
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                for (var i = 0; i < data.Examples.Count; i++)
                {
                    if (i < start || i >= end)
                        trainer.Learn(data.Examples[i].Hashes, data.Examples[i].Clicked);
                }
            }
            var foldPredictions = new List<double>();
            var foldLabels = new List<bool>();
            for (var i = start; i < end; i++)
            {
                foldPredictions.Add(trainer.Predict(data.Examples[i].Hashes));
                foldLabels.Add(data.Examples[i].Clicked);
            }
            foldAucs[fold] = Evaluation.Auc(foldPredictions, foldLabels);
            predictions.AddRange(foldPredictions);
            labels.AddRange(foldLabels);
        }
        return (Evaluation.Auc(predictions, labels), Evaluation.LogLoss(predictions, labels), labels.Count(l => l), foldAucs);
    }

    /// <summary>The largest difference between ONNX Runtime's predictions for the exported model and the trainer's own.</summary>
    private static double MaxDifference(byte[] model, IReadOnlyList<Example> examples, IReadOnlyList<double> expected, int hashBits)
    {
        using var session = OnnxSession.FromBytes(model);
        var fields = examples[0].Hashes.Length;
        var mask = (1UL << hashBits) - 1;
        var indices = new long[examples.Count * fields];
        for (var i = 0; i < examples.Count; i++)
        {
            for (var f = 0; f < fields; f++)
                indices[i * fields + f] = (long)(examples[i].Hashes[f] & mask);
        }
        var actual = new float[examples.Count];
        session.Run<long>(indices, [examples.Count, fields], actual);
        return actual.Select((p, i) => Math.Abs(p - expected[i])).Max();
    }
}
