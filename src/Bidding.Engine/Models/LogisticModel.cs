using Bidding.Onnx;
using Bidding.Onnx.Protobuf;

namespace Bidding.Engine.Models;

/// <summary>
/// A logistic regression over hashed features, as an ONNX graph: Gather(weights, features) → ReduceSum
/// over the fields → Add(bias) → Sigmoid, output <c>p</c> [N]. The weight table has 2^hashBits rows.
/// </summary>
public static class LogisticModel
{
    public static byte[] Export(float[] weights, float bias, int hashBits, int fields, string features, IReadOnlyDictionary<string, string>? metadata = null, long version = 1)
    {
        if (weights.Length != 1 << hashBits)
            throw new ArgumentException($"{weights.Length} weights for {hashBits} hash bits", nameof(weights));
        var builder = new OnnxModelBuilder("hashed_logistic") { ModelVersion = version }
            .Input("features", OnnxElementType.Int64, null, fields)
            .Output("p", OnnxElementType.Float, [null])
            .Initializer("weights", weights, weights.Length)
            .Initializer("axes", [1L], 1)
            .Initializer("bias", [bias])
            .Node("Gather", ["weights", "features"], ["field_weights"])
            .Node("ReduceSum", ["field_weights", "axes"], ["logit_without_bias"], ("keepdims", 0))
            .Node("Add", ["logit_without_bias", "bias"], ["logit"])
            .Node("Sigmoid", ["logit"], ["p"])
            .Metadata(FeatureContract.FeaturesKey, features)
            .Metadata(FeatureContract.HashBitsKey, hashBits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
                builder.Metadata(key, value);
        }
        return builder.Build();
    }
}
