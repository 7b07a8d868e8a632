using Bidding.Onnx.Protobuf;

namespace Bidding.Onnx.Tests;

/// <summary>Models written by <see cref="OnnxModelBuilder"/> load in ONNX Runtime and compute what their graph says.</summary>
public sealed class ModelBuilderTests
{
    [Fact]
    public void A_hashed_logistic_graph_computes_the_sigmoid_of_the_summed_weights()
    {
        var weights = Enumerable.Range(0, 16).Select(i => (i - 8) / 10f).ToArray();
        var model = new OnnxModelBuilder("logistic") { ModelVersion = 7 }
            .Input("features", OnnxElementType.Int64, null, 3)
            .Output("p", OnnxElementType.Float, [null])
            .Initializer("weights", weights, 16)
            .Initializer("axes", [1L], 1)
            .Initializer("bias", [0.25f])
            .Node("Gather", ["weights", "features"], ["w"])
            .Node("ReduceSum", ["w", "axes"], ["logit"], ("keepdims", 0))
            .Node("Add", ["logit", "bias"], ["z"])
            .Node("Sigmoid", ["z"], ["p"])
            .Metadata("bidding.features", "test")
            .Build();

        using var session = OnnxSession.FromBytes(model);
        Assert.Equal("features: int64[?, 3]", Assert.Single(session.Inputs).ToString());
        Assert.Equal("p: float[?]", Assert.Single(session.Outputs).ToString());
        Assert.Equal("test", session.Metadata["bidding.features"]);
        Assert.Equal("bidding", session.ProducerName);
        Assert.Equal(7, session.ModelVersion);

        long[] features = [0, 5, 15, 3, 3, 3];
        var p = session.Run([OnnxTensor.Create(features, 2, 3)])[0].As<float>();
        for (var row = 0; row < 2; row++)
        {
            var z = 0.25 + weights[features[3 * row]] + weights[features[3 * row + 1]] + weights[features[3 * row + 2]];
            Assert.Equal(1 / (1 + Math.Exp(-z)), p[row], 5);
        }
    }
}
