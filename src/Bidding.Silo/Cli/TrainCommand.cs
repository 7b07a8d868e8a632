using System.Globalization;
using Bidding.Engine.Models.Training;

namespace Bidding.Silo.Cli;

/// <summary><c>bidding train</c>: trains the hashed logistic model (FTRL) on a log of impressions and writes it as ONNX.</summary>
internal static class TrainCommand
{
    private const string Help = """
        bidding train --file <log.csv> [options]

        Trains a logistic regression over hashed features with FTRL-Proximal on the first part of the log
        (in file order), evaluates it on the rest, and writes an ONNX model (docs/models.md).

          --format v1|obd        v1: the bidder's feature contract (a click column and one per field);
                                 obd: the Open Bandit Dataset (needs --items); default v1
          --file <path>          the log
          --items <path>         obd only: item_context.csv
          --out <path>           where to write the model; default model.onnx
          --hash-bits <n>        2^n weights; default 18
          --epochs <n>           passes over the training part; default 1
          --test-fraction <f>    the held-out last part of the log; default 0.2
          --alpha, --beta, --l1, --l2   FTRL settings; defaults 0.05, 1, 1, 1
          --folds <k>            also report blocked k-fold cross-validation over the whole log
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                output.WriteLine(Help);
                return 0;
            }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error.WriteLine($"train: unexpected '{args[i]}'\n\n{Help}");
                return 2;
            }
            options[args[i][2..]] = args[++i];
        }
        try
        {
            var file = options.GetValueOrDefault("file") ?? throw new ArgumentException("--file is required");
            var data = options.GetValueOrDefault("format", "v1") switch
            {
                "v1" => TrainingData.ReadV1(file),
                "obd" => TrainingData.ReadObd(file, options.GetValueOrDefault("items") ?? throw new ArgumentException("--items is required for obd")),
                var other => throw new ArgumentException($"--format must be v1 or obd, not '{other}'"),
            };
            var settings = new TrainingOptions
            {
                HashBits = Int(options, "hash-bits", 18),
                Epochs = Int(options, "epochs", 1),
                TestFraction = Number(options, "test-fraction", 0.2),
                Alpha = Number(options, "alpha", 0.05),
                Beta = Number(options, "beta", 1),
                L1 = Number(options, "l1", 1),
                L2 = Number(options, "l2", 1),
            };
            var report = ModelTraining.Run(data, settings);
            var path = options.GetValueOrDefault("out", "model.onnx");
            File.WriteAllBytes(path, report.Model);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trained on {report.TrainExamples} examples ({data.Features}, {data.Fields.Count} fields, 2^{settings.HashBits} weights, {settings.Epochs} epoch(s))"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"held out the last {report.TestExamples} ({report.TestClicks} clicks): AUC={report.Auc:F4} logloss={report.LogLoss:F5} (base-rate logloss {report.BaselineLogLoss:F5})"));
            if (options.ContainsKey("folds"))
            {
                var (auc, logLoss, clicks, foldAucs) = ModelTraining.CrossValidate(data, settings, Int(options, "folds", 5));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{foldAucs.Length}-fold cross-validation over all {data.Examples.Count} ({clicks} clicks): pooled AUC={auc:F4} logloss={logLoss:F5}; per fold {string.Join(" ", foldAucs.Select(a => a.ToString("F3", CultureInfo.InvariantCulture)))}"));
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ONNX Runtime agrees with the trainer within {report.MaxExportDifference:G3}; wrote {path} ({report.Model.Length} bytes)"));
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or FormatException or KeyNotFoundException)
        {
            error.WriteLine($"train: {e.Message}");
            return 1;
        }
    }

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static double Number(Dictionary<string, string> options, string name, double fallback) =>
        options.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
