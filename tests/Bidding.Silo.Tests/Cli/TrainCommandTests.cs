using System.Globalization;
using System.Text;
using Bidding.Engine.Models;
using Bidding.Silo.Cli;

namespace Bidding.Silo.Tests.Cli;

/// <summary><c>bidding train</c> on a log in the bidder's own format writes a model the registry accepts and the bid path can score.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bidding-train-").FullName;

    [Fact]
    public void A_model_trained_on_a_v1_log_passes_the_contract_and_ranks_the_better_inventory_higher()
    {
        var log = Path.Combine(_dir, "log.csv");
        var random = new Random(3);
        var csv = new StringBuilder("click,campaign,creative,advertiser,inventory,publisher,device_type,os,country,region,hour,weekday,format,position,category,floor,user\n");
        for (var i = 0; i < 30_000; i++)
        {
            var good = random.Next(2) == 0;
            var clicked = random.NextDouble() < (good ? 0.08 : 0.01);
            csv.Append(CultureInfo.InvariantCulture, $"{(clicked ? 1 : 0)},cmp-1,cr-1,adv-1,{(good ? "site:good.example" : "site:poor.example")},pub-1,2,iOS,FRA,IDF,{i % 24},{i % 7},banner:300x250,1,IAB1,5,1\n");
        }
        File.WriteAllText(log, csv.ToString());
        var model = Path.Combine(_dir, "model.onnx");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = TrainCommand.Run(["--file", log, "--out", model, "--hash-bits", "16"], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("trained on 24000 examples (v1, 18 fields", output.ToString(), StringComparison.Ordinal);
        using var loaded = BidModel.Load(File.ReadAllBytes(model));
        Assert.Equal(16, loaded.HashBits);
        var p = new float[2];
        loaded.Score([.. Row("site:good.example"), .. Row("site:poor.example")], 2, p);
        Assert.True(p[0] > 2 * p[1], $"pCTR good {p[0]}, poor {p[1]}: the better inventory should score well above the other");
        Assert.InRange(p[0], 0.04, 0.12);
    }

    [Fact]
    public void Bad_arguments_are_explained()
    {
        var error = new StringWriter();
        Assert.Equal(1, TrainCommand.Run(["--file", Path.Combine(_dir, "missing.csv")], new StringWriter(), error));
        Assert.Contains("missing.csv", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, TrainCommand.Run(["--format", "parquet", "--file", "x"], new StringWriter(), error));
        Assert.Contains("--format must be v1 or obd", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, TrainCommand.Run(["--oops"], new StringWriter(), error));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ulong[] Row(string inventory)
    {
        string[] values = ["1", "cmp-1", "cr-1", "adv-1", inventory, "pub-1", "2", "iOS", "FRA", "IDF", "12", "3", "banner:300x250", "1", "IAB1", "5", "1"];
        var row = new ulong[FeatureContract.Count];
        for (var f = 0; f < values.Length; f++)
            row[f] = FeatureContract.Hash(f, values[f]);
        row[17] = FeatureContract.Cross("cr-1", inventory);
        return row;
    }
}
