using System.Globalization;

namespace Bidding.Engine.Models.Training;

/// <summary>Loads logged impressions for training.</summary>
public static class TrainingData
{
    /// <summary>
    /// A CSV in the bidder's own feature contract (v1): a <c>click</c> column (0/1) and a column per field
    /// of <see cref="FeatureContract.Fields"/>; <c>bias</c> and <c>creative_x_inventory</c> may be left out (they are derived).
    /// </summary>
    public static TrainingSet ReadV1(string path)
    {
        var examples = new List<Example>();
        foreach (var row in CsvRows.Read(path))
        {
            var hashes = new ulong[FeatureContract.Count];
            for (var f = 0; f < FeatureContract.Count; f++)
            {
                var name = FeatureContract.Fields[f];
                hashes[f] = f switch
                {
                    FeatureContract.Bias => FeatureContract.Hash(f, "1"),
                    FeatureContract.CreativeXInventory => FeatureContract.Cross(row.GetValueOrDefault("creative", ""), row.GetValueOrDefault("inventory", "")),
                    _ => FeatureContract.Hash(f, row.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"{path}: no column '{name}' (v1 needs {string.Join(", ", FeatureContract.Fields)})")),
                };
            }
            examples.Add(new Example(hashes, Label(row, path)));
        }
        return new TrainingSet(FeatureContract.Version, FeatureContract.Fields, examples);
    }

    /// <summary>
    /// The Open Bandit Dataset (ZOZOTOWN): each logged recommendation with the item shown, its position,
    /// the user's four features and affinity to the item, the item's four features, crosses of the item
    /// with position and with each user feature, and the hour. Not the bidder's contract: such a model
    /// is for evaluation (its metadata says <c>obd</c>) and the registry refuses it.
    /// </summary>
    public static TrainingSet ReadObd(string path, string itemsPath)
    {
        var items = CsvRows.Read(itemsPath).ToDictionary(r => r["item_id"], StringComparer.Ordinal);
        string[] fields =
        [
            "bias", "item", "position", "user_0", "user_1", "user_2", "user_3", "item_0", "item_1", "item_2", "item_3",
            "affinity", "item_x_position", "item_x_user_0", "item_x_user_1", "item_x_user_2", "item_x_user_3", "hour",
        ];
        var prefixes = fields.Select(f => Fnv.Append(Fnv.Offset, f + "=")).ToArray();
        var examples = new List<Example>();
        foreach (var row in CsvRows.Read(path))
        {
            var item = row["item_id"];
            if (!items.TryGetValue(item, out var itemRow))
                throw new InvalidDataException($"{path}: item {item} is not in {itemsPath}");
            var affinity = double.Parse(row.GetValueOrDefault($"user-item_affinity_{item}", "0"), CultureInfo.InvariantCulture);
            var itemScore = double.Parse(itemRow["item_feature_0"], CultureInfo.InvariantCulture);
            string[] values =
            [
                "1", item, row["position"], row["user_feature_0"], row["user_feature_1"], row["user_feature_2"], row["user_feature_3"],
                Bucket(itemScore, 0.25), itemRow["item_feature_1"], itemRow["item_feature_2"], itemRow["item_feature_3"],
                Bucket(affinity, 1), $"{item}|{row["position"]}", $"{item}|{row["user_feature_0"]}", $"{item}|{row["user_feature_1"]}",
                $"{item}|{row["user_feature_2"]}", $"{item}|{row["user_feature_3"]}",
                DateTimeOffset.Parse(row["timestamp"], CultureInfo.InvariantCulture).Hour.ToString(CultureInfo.InvariantCulture),
            ];
            var hashes = new ulong[fields.Length];
            for (var f = 0; f < fields.Length; f++)
                hashes[f] = Fnv.Append(prefixes[f], values[f]);
            examples.Add(new Example(hashes, Label(row, path)));
        }
        return new TrainingSet("obd", fields, examples);
    }

    private static bool Label(Dictionary<string, string> row, string path) => row.GetValueOrDefault("click") switch
    {
        "1" => true,
        "0" => false,
        var other => throw new InvalidDataException($"{path}: click must be 0 or 1, not '{other}'"),
    };

    private static string Bucket(double value, double width) => Math.Floor(value / width).ToString(CultureInfo.InvariantCulture);
}
