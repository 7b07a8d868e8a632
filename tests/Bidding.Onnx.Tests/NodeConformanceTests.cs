using Bidding.Onnx.Protobuf;

namespace Bidding.Onnx.Tests;

/// <summary>
/// ONNX's own node tests (Debian's libonnx-testdata, installed by test.sh): each is a one-operator
/// model with inputs and the outputs the ONNX reference computes. Every test of the operators a bid
/// model is built from runs through this binding and must match (ONNX's tolerance: 1e-3 relative, 1e-7 absolute).
/// </summary>
public sealed class NodeConformanceTests
{
    private static readonly string Root = Environment.GetEnvironmentVariable("BIDDING_ONNX_TESTDATA") ?? "/usr/share/libonnx-testdata/data/node";

    private static readonly string[] Operators =
        ["add", "gemm", "matmul_", "sigmoid", "relu", "softmax", "gather_", "reduce_sum_", "concat", "linearclassifier", "treeensemble", "mul", "div", "sub", "exp", "log_"];

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        if (!Directory.Exists(Root))
        {
            cases.Add("(missing)");
            return cases;
        }
        foreach (var dir in Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            var op = dir!["test_".Length..];
            if (Operators.Any(o => op.StartsWith(o, StringComparison.Ordinal) && (o.EndsWith('_') || op.Length == o.Length || op[o.Length] == '_')))
                cases.Add(dir);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_onnx_reference(string test)
    {
        Assert.True(test != "(missing)", $"ONNX's node tests are not at {Root}: install Debian's libonnx-testdata (test.sh does) or set BIDDING_ONNX_TESTDATA");
        var dir = Path.Combine(Root, test);
        using var session = OnnxSession.FromFile(Path.Combine(dir, "model.onnx"));
        foreach (var set in Directory.GetDirectories(dir, "test_data_set_*"))
        {
            var inputs = Directory.GetFiles(set, "input_*.pb").Order(StringComparer.Ordinal).Select(f => TensorProtoReader.Read(File.ReadAllBytes(f))).ToList();
            var expected = Directory.GetFiles(set, "output_*.pb").Order(StringComparer.Ordinal).Select(f => TensorProtoReader.Read(File.ReadAllBytes(f))).ToList();
            // Inputs are matched by name where the files carry one, else by position.
            var ordered = session.Inputs.Select((node, i) => inputs.FirstOrDefault(x => x.Name == node.Name).Tensor ?? inputs[i].Tensor).ToList();
            var actual = session.Run(ordered);
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
                AssertClose(expected[i].Tensor, actual[i], $"{test}/{Path.GetFileName(set)} output {i}");
        }
    }

    [Fact]
    public void The_native_runtime_is_the_expected_version() => Assert.Equal("1.30.0", OnnxRuntime.Version);

    private static void AssertClose(OnnxTensor expected, OnnxTensor actual, string what)
    {
        Assert.Equal(expected.ElementType, actual.ElementType);
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Data.Length; i++)
        {
            var e = expected.Data.GetValue(i)!;
            var a = actual.Data.GetValue(i)!;
            if (e is float or double or Half)
            {
                var ev = Convert.ToDouble(e, System.Globalization.CultureInfo.InvariantCulture);
                var av = Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(ev - av) <= 1e-7 + 1e-3 * Math.Abs(ev) || (double.IsNaN(ev) && double.IsNaN(av)), $"{what}[{i}]: expected {ev}, got {av}");
            }
            else
            {
                Assert.True(e.Equals(a), $"{what}[{i}]: expected {e}, got {a}");
            }
        }
    }
}
